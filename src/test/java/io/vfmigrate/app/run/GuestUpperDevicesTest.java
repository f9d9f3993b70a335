package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12.1: a guest whose bond carries a VLAN (bond0.100), a bridge and an ipvlan, all with the bond's
 * MAC. Only the NICs behind the bond are taken for the VF or the temporary port, in preflight and in steps.
 */
class GuestUpperDevicesTest {
    private static Harness withUpperDevices(boolean plainIp) {
        Harness h = new Harness();
        FakeGuest g = h.a().guest("vm1");
        g.upper("bond0.100", "vlan", "bond0", Harness.MAC);
        g.upper("br0", "bridge", null, Harness.MAC);
        g.upper("ipvl0", "ipvlan", "bond0", Harness.MAC);
        g.plainIp = plainIp;
        return h;
    }

    @ParameterizedTest(name = "{0}, busybox ip: {1}")
    @CsvSource({"bond-macvtap, false", "bond-ovs, false", "bond-macvtap, true", "bond-ovs, true"})
    void migratesThereAndBackLeavingTheUpperDevicesUntouched(String workflow, boolean plainIp) {
        Harness h = withUpperDevices(plainIp);
        MigrationResult there = h.migrate(workflow, false);
        assertEquals(RunState.SUCCEEDED, there.outcome().orElseThrow().state(), () -> there.plan().preflight() + " " + h.trace.events);
        assertTrue(there.plan().preflight().stream().anyMatch(c -> c.check().startsWith("vf-in-bond") && c.detail().contains("eth0 is a slave of bond0")),
                () -> there.plan().preflight().toString());
        assertUppersUntouched(h, h.b());

        MigrationResult back = new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-a", workflow, false), List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, back.outcome().orElseThrow().state(), () -> back.plan().preflight() + " " + h.trace.events);
        assertUppersUntouched(h, h.a());
    }

    private static void assertUppersUntouched(Harness h, FakeHypervisor where) {
        FakeGuest g = where.guest("vm1");
        for (String upper : List.of("bond0.100", "br0", "ipvl0")) {
            assertTrue(g.links.get(upper).up, upper + " stays up");
            assertTrue(g.links.get(upper).master == null, upper + " is in no bond");
            assertTrue(h.world.mutations.stream().noneMatch(m -> m.contains(" " + upper + " ")), () -> upper + " touched: " + h.world.mutations);
        }
        FakeGuest.Bond bond = g.bonds.get("bond0");
        assertEquals(1, bond.slaves.size(), bond.slaves::toString);
        assertTrue(g.links.get(bond.active).kind == null, "the active slave is a NIC");
    }

    @ParameterizedTest(name = "VF's MAC only on upper devices: preflight names them")
    @ValueSource(booleans = {false, true})
    void aGuestWhereOnlyUpperDevicesCarryTheMacIsRefusedNamingThem(boolean plainIp) {
        Harness h = withUpperDevices(plainIp);
        FakeGuest g = h.a().guest("vm1");
        g.release("eth0");
        g.links.remove("eth0");
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.REFUSED, r.exitCode());
        String detail = r.plan().preflight().stream().filter(c -> c.check().startsWith("vf-in-bond")).findFirst().orElseThrow().detail();
        assertTrue(detail.contains("no guest NIC that can be a bond slave has the VF's MAC"), detail);
        String[] named = plainIp ? new String[] {"bond0.100 (no device behind it)", "br0 (no device behind it)", "ipvl0 (no device behind it)"}
                : new String[] {"bond0.100 (vlan)", "br0 (bridge)", "ipvl0 (ipvlan)"};
        for (String n : named) assertTrue(detail.contains(n), detail);
        assertEquals(List.of(), h.world.mutations);
    }

    @ParameterizedTest(name = "{0} interfaces: the truncated answer fails, naming the limit")
    @ValueSource(ints = {400})
    void aGuestWithTooManyInterfacesFailsNamingTheOutputLimit(int count) {
        Harness h = new Harness();
        FakeGuest g = h.a().guest("vm1");
        for (int i = 0; i < count; i++) g.plug(String.format("52:54:00:aa:%02x:%02x", i / 256, i % 256), null);
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.REFUSED, r.exitCode());
        String all = r.plan().preflight().toString();
        assertTrue(all.contains("was cut at the limit of 65536 bytes of guest output") && all.contains("ip -o -d link show"), all);
        assertEquals(List.of(), h.world.mutations);
    }
}
