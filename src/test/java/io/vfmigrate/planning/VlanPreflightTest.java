package io.vfmigrate.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.run.MigrateVm;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.model.VlanDevicePattern;
import io.vfmigrate.ports.ExecResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Preflight on a VLAN provider network: what it refuses (exit 2, nothing changed) and what it lets through. */
class VlanPreflightTest {
    private static Check check(MigrationResult r, String name) {
        return r.plan().preflight().stream().filter(c -> c.check().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.plan().preflight()));
    }

    /** Refused before any change: exit 2, no device attached, no VF programmed, no lease held, no run journaled. */
    private static Check refused(Harness h, MigrationResult r, String name) {
        assertEquals(ExitCode.REFUSED, r.exitCode(), () -> r.plan().preflight().toString());
        assertEquals(List.of(), h.world.mutations);
        assertTrue(h.a().attachedXmls.isEmpty() && h.b().attachedXmls.isEmpty(), "no device attached");
        h.world.pools.values().forEach(p -> assertEquals(List.of(), p.prepared, "no VF programmed"));
        assertTrue(h.leases.holder("vm:vm1").isEmpty() && h.leases.holder("vf:host-b/fvf0").isEmpty(), "no lease held");
        assertTrue(h.journal.runs(true).isEmpty(), "no run journaled");
        Check c = check(r, name);
        assertEquals(Check.Status.FAILED, c.status(), c::toString);
        return c;
    }

    private static void assertNames(Check c, String... words) {
        for (String w : words) assertTrue(c.detail().contains(w), () -> "'" + w + "' not in: " + c.detail());
    }

    @Test
    void twoVfsOfOneBondOnDifferentVlansAreRefusedNamingBoth() {
        Harness h = new Harness().vfOnVlan(100);
        h.secondVfInBond(1);
        h.world.pools.get("host-a").programmedVlan.put("fvf1", 200);
        Check c = refused(h, h.migrate("bond-macvtap", false), "bond-vlan:bond0");
        assertNames(c, "fvf0 VLAN 100", "fvf1 VLAN 200", "different VLANs");
    }

    @Test
    void oneTaggedVfAndOneUntaggedInOneBondAreRefusedToo() {
        Harness h = new Harness().vfOnVlan(100);
        h.secondVfInBond(1);
        Check c = refused(h, h.migrate("bond-ovs", false), "bond-vlan:bond0");
        assertNames(c, "fvf0 VLAN 100", "fvf1 no VLAN");
    }

    @Test
    void twoVfsOfOneBondOnOneVlanPassWithTheirPortOnIt() {
        Harness h = new Harness().vfOnVlan(100);
        h.secondVfInBond(1);
        h.world.pools.get("host-a").programmedVlan.put("fvf1", 100);
        MigrationResult r = h.migrate("bond-macvtap", true);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> r.plan().preflight().toString());
        assertEquals(Check.Status.OK, check(r, "bond-vlan:bond0").status());
    }

    @ParameterizedTest(name = "VLAN {0} read from the pool is refused")
    @ValueSource(ints = {0, 4095, 70000})
    void aVlanThatIsNoVlanIdIsRefusedNamingHostNetworkAndValue(int vlan) {
        Harness h = new Harness().vfOnVlan(vlan);
        Check c = refused(h, h.migrate("bond-macvtap", false), "vf-vlan:fvf0");
        assertNames(c, "host host-a", "network physnet0", "VLAN " + vlan, "not a VLAN id (1..4094");
    }

    @Test
    void anOfflineMoveRefusesSuchAVlanToo() {
        Harness h = new Harness();
        h.world.shutOffVm("host-a", "off1", 1, "52:54:00:c0:00:77");
        h.world.pools.get("host-a").programmedVlan.put("fvf1", 4095);
        MigrationResult r = new MigrateVm(h.services()).run(new MigrateRequest("off1", Optional.empty(), "host-b", "offline", false), List.of());
        assertEquals(ExitCode.REFUSED, r.exitCode(), () -> r.plan().preflight().toString());
        assertEquals(Check.Status.FAILED, check(r, "vf-vlan:fvf1").status());
        assertEquals(List.of(), h.world.mutations);
    }

    @ParameterizedTest(name = "a vlan-dev pattern on {0} that gives an over-long name is refused")
    @ValueSource(strings = {"host-a", "host-b"})
    void aPatternThatGivesNoDeviceNameIsRefusedNamingHostNetworkVlanAndDevice(String host) {
        Harness h = new Harness().vfOnVlan(100);
        h.world.temporaryPorts.put(host, List.of(new TemporaryPortSpec.Macvtap("br0", "bridge", new VlanDevicePattern("{dev}-vlan-tagged-{vlan}"))));
        Check c = refused(h, h.migrate("bond-macvtap", false), "temporary-port:" + host + "/physnet0");
        assertNames(c, "host " + host, "network physnet0", "VLAN 100", "'br0-vlan-tagged-100'", "not a network device name");
    }

    @ParameterizedTest(name = "the VLAN device missing on {0} is refused")
    @ValueSource(strings = {"host-a", "host-b"})
    void aMissingVlanDeviceIsRefusedNamingHostNetworkVlanAndDevice(String host) {
        Harness h = new Harness().vfOnVlan(100);
        h.world.shellAnswers.put(host + " ip link show dev br0.100", new ExecResult(1, "", "Device \"br0.100\" does not exist.\n"));
        Check c = refused(h, h.migrate("bond-macvtap", false), "temporary-port:" + host + "/physnet0");
        assertNames(c, "host " + host, "network physnet0", "VLAN 100", "ip link show dev br0.100", "macvtap on br0.100");
    }

    @Test
    void theVlanDeviceIsProbedOnBothHostsAndAnUntaggedVfAddsNoVlanCheck() {
        Harness h = new Harness().vfOnVlan(100);
        MigrationResult r = h.migrate("bond-macvtap", true);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> r.plan().preflight().toString());
        assertTrue(h.world.shellCalls.containsAll(List.of("host-a ip link show dev br0.100", "host-b ip link show dev br0.100")), h.world.shellCalls::toString);
        assertTrue(check(r, "vf-vlan:fvf0").detail().contains("is on VLAN 100"), check(r, "vf-vlan:fvf0")::toString);

        Harness untagged = new Harness();
        MigrationResult plain = untagged.migrate("bond-macvtap", true);
        assertTrue(plain.plan().preflight().stream().noneMatch(c -> c.check().startsWith("vf-vlan") || c.check().startsWith("bond-vlan")));
        assertTrue(untagged.world.shellCalls.contains("host-b ip link show dev br0"), untagged.world.shellCalls::toString);
    }

    /** A macvtap on the VFs' own PF is said in its check (not refused): the frames of the attach window are lost there. */
    @Test
    void aMacvtapOnTheVfsOwnPfIsSaidInItsCheck() {
        Harness h = new Harness();
        h.world.pools.get("host-b").pf = java.util.Optional.of("br0");
        MigrationResult r = h.migrate("bond-macvtap", true);
        Check onB = check(r, "temporary-port:host-b/physnet0");
        assertEquals(Check.Status.OK, onB.status(), onB::toString);
        assertNames(onB, "macvtap on br0", "the VFs' own PF br0", "where-to-put-the-temporary-port");
        Check onA = check(r, "temporary-port:host-a/physnet0");
        assertTrue(!onA.detail().contains("own PF"), "host-a's pool names no PF: " + onA);
    }
}
