package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.planning.Check;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18.4: after each switch-over the guest pings the network's probe address through its bond, so a
 * bond whose active slave is up but whose frames go nowhere (ovs-vswitchd dead behind the temporary port)
 * fails the step instead of ending "done" with the guest cut off.
 */
class DataPathProbeTest {
    static final String PROBE = "192.0.2.2";

    private static Harness withProbe() {
        Harness h = new Harness();
        h.world.probes.put("physnet0", PROBE);
        h.a().guest("vm1").peers.add(PROBE);
        return h;
    }

    private static long pings(Harness h) {
        return h.world.guestCalls.stream().filter(c -> c.contains(" ping ")).count();
    }

    @Test
    void eachSwitchOverIsVerifiedThroughTheBond() {
        Harness h = withProbe();
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(3, pings(h), () -> "one before the run, one after each switch-over (each answered at once): " + h.world.guestCalls);
        assertTrue(r.plan().preflight().stream().anyMatch(c -> c.check().equals("data-path-probe:bond0") && c.status() == Check.Status.OK),
                r.plan().preflight()::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aTemporaryPortWhoseFramesGoNowhereFailsTheFailOverAndTheVmStaysOnItsVf() {
        Harness h = withProbe();
        FakeGuest g = h.a().guest("vm1");
        String vf = g.bonds.get("bond0").active;
        g.deadPath = link -> !link.name.equals(vf); // the temporary port's switch forwards nothing
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode(), () -> h.trace.events.toString());
        String cause = r.outcome().orElseThrow().cause().orElseThrow().message();
        assertTrue(cause.contains("the data path is lost") && cause.contains(PROBE), cause);
        assertTrue(h.trace.events.toString().contains("fail-over-to-temporary-port"), h.trace.events::toString);
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void aProbeThatDoesNotAnswerBeforeTheRunIsAWarningAndOnlyTheActiveSlaveIsVerified() {
        Harness h = new Harness();
        h.world.probes.put("physnet0", PROBE); // no peer answers it
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        Check check = r.plan().preflight().stream().filter(c -> c.check().equals("data-path-probe:bond0")).findFirst().orElseThrow();
        assertEquals(Check.Status.WARNING, check.status());
        assertTrue(check.detail().contains("not verified"), check::detail);
        assertEquals(3, pings(h), () -> "three tries before the run, none after: " + h.world.guestCalls);
    }

    @Test
    void withoutAProbeNothingIsPingedAndNoCheckIsListed() {
        Harness h = new Harness();
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode());
        assertEquals(0, pings(h));
        assertTrue(r.plan().preflight().stream().noneMatch(c -> c.check().startsWith("data-path-probe")));
    }

    @Test
    void theDryRunShowsTheVerification() {
        Harness h = withProbe();
        MigrationResult r = h.migrate("bond-macvtap", true);
        String failOver = r.plan().steps().stream().filter(s -> s.type().equals("fail-over-to-temporary-port")).findFirst().orElseThrow().toString();
        assertTrue(failOver.contains("ping -c 1 -W 1 " + PROBE), failOver);
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
    }

    @Test
    void theInventoryTakesAnAddressNeverAName() {
        String inventory = Harness.INVENTORY.replace("        vf-pool:", "        probe: %s\n        vf-pool:");
        assertTrue(inventory.contains("%s"), "the test inventory has a vf-pool key to put the probe beside");
        InventoryLoader.parse("inv.yaml", inventory.replace("%s", "192.0.2.1"));
        InventoryLoader.parse("inv.yaml", inventory.replace("%s", "'2001:db8::1'"));
        for (String bad : List.of("gateway.example", "192.0.2.300", "1.2.3")) {
            ConfigException e = assertThrows(ConfigException.class, () -> InventoryLoader.parse("inv.yaml", inventory.replace("%s", bad)));
            assertTrue(e.getMessage().contains("probe") && e.getMessage().contains(bad) && e.getMessage().contains("inv.yaml"), e.getMessage());
        }
    }
}
