package io.vfmigrate.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact order of steps and undos of bond-macvtap, one case per failing step, and where the VM ends. */
class GoldenTraceTest {
    static final List<String> STEPS = List.of("add-temporary-port", "enslave-temporary-port", "fail-over-to-temporary-port",
            "detach-vf", "migrate", "attach-vf", "enslave-vf", "fail-back-to-vf", "remove-temporary-port");

    /** The call that makes step N fail (the VF is eth0, the temporary port eth1, the new VF eth2; bond changes are sysfs writes by the agent). */
    static String faultFor(int step) {
        return switch (step) {
            case 1 -> "attach host-a";
            case 2 -> "guest write /sys/class/net/bond0/bonding/slaves +eth1";
            case 3 -> "guest write /sys/class/net/bond0/bonding/active_slave eth1";
            case 4 -> "detach host-a";
            case 5 -> "migrate host-a";
            case 6 -> "attach host-b";
            case 7 -> "guest write /sys/class/net/bond0/bonding/slaves +eth2";
            case 8 -> "guest write /sys/class/net/bond0/bonding/active_slave eth2";
            case 9 -> "detach host-b";
            default -> throw new IllegalArgumentException();
        };
    }

    /**
     * How many calls make step N fail once: an enslave of a link that just appeared is tried again within the step after
     * a fresh listing (udev may have renamed it), so steps 2 and 7 fail only when both tries do.
     */
    static int onceFor(int step) { return step == 2 || step == 7 ? 2 : 1; }

    /** The trace of a run in which every step succeeds. */
    static List<String> succeeded() {
        List<String> expected = new ArrayList<>(List.of("state:RUNNING"));
        STEPS.forEach(s -> expected.add("apply:" + s));
        expected.add("state:SUCCEEDED");
        return expected;
    }

    /** The trace of a run that fails at step N (before the migration) and compensates in reverse. */
    static List<String> compensated(int n) {
        List<String> expected = new ArrayList<>(List.of("state:RUNNING"));
        for (int i = 1; i < n; i++) expected.add("apply:" + STEPS.get(i - 1));
        expected.add("fail:" + STEPS.get(n - 1));
        expected.add("state:COMPENSATING");
        for (int i = n; i >= 1; i--) expected.add("undo:" + STEPS.get(i - 1));
        expected.add("state:COMPENSATED");
        return expected;
    }

    /** The trace of a run whose step N (after the migration) fails once, is undone, retried and the run goes on. */
    static List<String> recoveredForward(int n) {
        List<String> expected = new ArrayList<>(List.of("state:RUNNING"));
        for (int i = 1; i < n; i++) expected.add("apply:" + STEPS.get(i - 1));
        String failing = STEPS.get(n - 1);
        expected.addAll(List.of("fail:" + failing, "state:RECOVERING", "retry:" + failing, "undo:" + failing, "apply:" + failing, "state:RUNNING"));
        for (int i = n + 1; i <= STEPS.size(); i++) expected.add("apply:" + STEPS.get(i - 1));
        expected.add("state:SUCCEEDED");
        return expected;
    }

    @Test
    void successAppliesEveryStepInOrderAndEndsOnTheDestinationOnTheVf() {
        Harness h = new Harness();
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(succeeded(), h.trace.events);
        h.assertHealthyOn(h.b(), "fvf0");
        assertTrue(h.leases.holder("vm:vm1").isEmpty(), "the VM's lease is released");
    }

    @ParameterizedTest(name = "failure at step {0} before the migration compensates in reverse")
    @CsvSource({"1", "2", "3", "4", "5"})
    void failureBeforeMigrationCompensatesInReverse(int n) {
        Harness h = new Harness();
        h.world.failOn(faultFor(n), 0, onceFor(n));
        MigrationResult r = h.migrate("bond-macvtap", false);

        assertEquals(compensated(n), h.trace.events);
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode());
        h.assertHealthyOn(h.a(), "fvf0");
        assertTrue(h.leases.holder("vm:vm1").isEmpty());
    }

    @ParameterizedTest(name = "a passing failure at step {0} after the migration is retried forward")
    @CsvSource({"6", "7", "8", "9"})
    void passingFailureAfterMigrationRecoversForward(int n) {
        Harness h = new Harness();
        h.world.failOn(faultFor(n), 0, onceFor(n));
        MigrationResult r = h.migrate("bond-macvtap", false);

        assertEquals(recoveredForward(n), h.trace.events);
        assertEquals(ExitCode.DONE, r.exitCode());
        h.assertHealthyOn(h.b(), "fvf0");
        assertEquals(1000, h.clock.slept.toMillis() - pollingSleep(h), "one backoff of 1 s before the retry");
    }

    /** The guest enslaves the VF's NIC itself in attach-vf: a fail-back that fails once is undone and retried as without it. */
    @Test
    void withTheGuestSideEnslaveAPassingFailureOfTheFailBackIsRetriedForward() {
        Harness h = new Harness();
        h.a().guest("vm1").enslavesOnArrival = true;
        h.world.failOn(faultFor(8), 0, 1);
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(recoveredForward(8), h.trace.events);
        assertEquals(ExitCode.DONE, r.exitCode());
        h.assertHealthyOn(h.b(), "fvf0");
        assertTrue(h.world.guestCalls.contains("host-b watch-enslave eth2 bond0"), h.world.guestCalls::toString);
        assertFalse(h.world.guestCalls.contains("host-b write /sys/class/net/bond0/bonding/slaves +eth2"), "enslaved once, by the guest");
    }

    /** A guest-side enslave whose enslave the kernel keeps refusing waits on; the step gives it up once the guest lists the NIC. */
    @Test
    void aGuestSideEnslaveThatKeepsFailingLeavesTheEnslaveToEnslaveVf() {
        Harness h = new Harness();
        h.a().guest("vm1").enslavesOnArrival = true;
        h.world.failOn("guest watch-enslave");
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(succeeded(), h.trace.events);
        assertEquals(ExitCode.DONE, r.exitCode());
        h.assertHealthyOn(h.b(), "fvf0");
        assertTrue(h.world.guestCalls.contains("host-b write /sys/class/net/bond0/bonding/slaves +eth2"), h.world.guestCalls::toString);
    }

    @Test
    void aVfThatKeepsFailingIsReplacedByAnotherFreeVf() {
        Harness h = new Harness();
        h.world.failOn("prepare host-b fvf0");
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(List.of("retry:attach-vf", "retry:attach-vf", "retry:attach-vf", "retry:attach-vf"),
                h.trace.events.stream().filter(e -> e.startsWith("retry")).toList(), "three retries, then another VF");
        h.assertHealthyOn(h.b(), "fvf1");
        assertTrue(h.leases.holder("vf:host-b/fvf0").isEmpty(), "the failed VF's reservation is released");
    }

    @ParameterizedTest(name = "a lasting failure at step {0} after the migration needs an operator, the VM keeps its temporary port")
    @CsvSource({"6", "7", "8"})
    void lastingFailureAfterMigrationNeedsOperatorWithoutStrandingTheVm(int n) {
        Harness h = new Harness();
        h.world.failOn(faultFor(n));
        h.world.failOn(faultFor(n).replace("eth2", "eth3"));  // the other free VF fails the same way
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(RunState.NEEDS_OPERATOR, r.outcome().orElseThrow().state());
        assertSame(h.b(), h.whereVm());
        FakeGuest g = h.b().guest("vm1");
        FakeGuest.Link tmp = g.links.get("eth1");
        assertEquals("eth1", g.bonds.get("bond0").active, "the temporary port still carries the traffic");
        assertEquals("1", g.bonds.get("bond0").allSlavesActive, "frames the NIC steers to the new VF are delivered meanwhile");
        assertTrue(tmp != null && "bond0".equals(tmp.master));
        List<String> leftovers = r.outcome().get().leftovers();
        assertTrue(leftovers.stream().anyMatch(l -> l.contains("temporary port ua-vfm-tmp0")), leftovers::toString);
        assertTrue(leftovers.stream().anyMatch(l -> l.contains("vfmigrate resume run-1")), leftovers::toString);
        assertFalse(h.leases.holder("vm:vm1").isEmpty(), "an open run keeps its lease");
    }

    @Test
    void removingTheTemporaryPortForGoodNeedsOperatorWithTheVfActive() {
        Harness h = new Harness();
        h.world.failOn(faultFor(9));
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode());
        FakeGuest g = h.b().guest("vm1");
        assertEquals("eth2", g.bonds.get("bond0").active, "the VF is active");
        assertTrue(r.outcome().get().leftovers().stream().anyMatch(l -> l.startsWith("host-b: temporary port ua-vfm-tmp0")));
    }

    @Test
    void aFailedUndoStopsUndoingAndKeepsThePortThatCarriesTraffic() {
        Harness h = new Harness();
        h.world.failOn(faultFor(4), 0, 1);
        h.world.failOn("guest write /sys/class/net/bond0/bonding/active_slave eth0");
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(List.of("state:RUNNING", "apply:add-temporary-port", "apply:enslave-temporary-port", "apply:fail-over-to-temporary-port",
                "fail:detach-vf", "state:COMPENSATING", "undo:detach-vf", "undo-failed:fail-over-to-temporary-port", "state:NEEDS_OPERATOR"),
                h.trace.events);
        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode());
        assertEquals(1, r.outcome().get().compensationFailures().size());
        FakeGuest g = h.a().guest("vm1");
        assertEquals("eth1", g.bonds.get("bond0").active, "still on the temporary port, which was not removed");
        assertTrue(h.a().interfaceXmls("vm1").stream().anyMatch(x -> x.contains("ua-vfm-tmp0")));
    }

    @Test
    void aDestinationThatDiesBeforeTheMigrationIsCompensatedWithoutAskingIt() {
        Harness h = new Harness();
        h.b().diesOnIncomingMigration = true;
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void clearingTheSourceVfsMacFailsAndTheUndoGivesTheSourceVfItsMacAgain() {
        Harness h = new Harness();
        h.world.failOn("clear-mac host-a fvf0", 0, 1);
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(List.of("state:RUNNING", "apply:add-temporary-port", "apply:enslave-temporary-port", "apply:fail-over-to-temporary-port",
                "fail:detach-vf", "state:COMPENSATING", "undo:detach-vf", "undo:fail-over-to-temporary-port", "undo:enslave-temporary-port",
                "undo:add-temporary-port", "state:COMPENSATED"), h.trace.events);
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode());
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void aFailureAfterTheMacWasClearedGivesTheSourceVfItsMacAgain() {
        Harness h = new Harness();
        h.world.failOn(faultFor(5), 0, 1);
        h.migrate("bond-macvtap", false);
        assertEquals(java.util.Map.of("fvf0", Harness.MAC), h.world.pools.get("host-a").programmedMac);
        assertTrue(h.world.pools.get("host-a").prepared.contains("fvf0"), "the undo of detach-vf programmed the VF again");
    }

    @Test
    void theDestinationVfOfAFailedAttachIsClearedBeforeAnotherOneIsTried() {
        Harness h = new Harness();
        h.world.failOn("attach host-b", 0, 4);
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.b(), "fvf1");
    }

    @Test
    void naiveDetachesMigratesAndAttaches() {
        Harness h = new Harness();
        MigrationResult r = h.migrate("naive", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(List.of("state:RUNNING", "apply:detach-vf", "apply:migrate", "apply:attach-vf", "apply:enslave-vf", "state:SUCCEEDED"), h.trace.events);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void everyTransitionIsJournaledBeforeTheActionItAnnounces() {
        Harness h = new Harness();
        h.migrate("bond-macvtap", false);
        var entries = h.journal.entries("run-1");
        assertEquals("planned", entries.get(0).detail());
        assertTrue(entries.get(0).facts().containsKey("vf.0.mac"), "the topology is journaled before the first step");
        var kinds = entries.stream().map(e -> e.kind() + ":" + e.stepType()).toList();
        assertTrue(kinds.indexOf("COMPENSATION_REGISTERED:detach-vf") < kinds.indexOf("STEP_SUCCEEDED:detach-vf"));
        assertEquals(RunState.SUCCEEDED, h.journal.find("run-1").orElseThrow().state());
    }

    private static long pollingSleep(Harness h) {
        return h.clock.slept.toMillis() % 1000;
    }
}
