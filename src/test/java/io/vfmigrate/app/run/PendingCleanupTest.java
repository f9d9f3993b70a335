package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.DomainState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Item 7 of issue 8: what a run could not clean on an unreachable host is reported, journaled, and cleaned by the next command. */
class PendingCleanupTest {

    @Test
    void aDestinationKilledMidMigrationIsNamedInTheReportAndCleanedOnceItAnswers() {
        Harness h = new Harness();
        h.b().diesOnIncomingMigration = true;
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode(), () -> h.trace.events.toString());
        String report = r.outcome().orElseThrow().leftovers().toString();
        assertTrue(report.contains("host-b: could not be cleaned (unreachable): a copy of vm1"), report);
        h.assertHealthyOn(h.a(), "fvf0");

        // the orphan incoming QEMU on host-b, seen once its daemon is back
        h.b().pausedCopyForSetUp("vm1", h.a().guest("vm1"), "migration");
        List<String> stillDown = new PendingCleanupCheck(h.services()).check();
        assertTrue(stillDown.get(0).contains("still unreachable"), stillDown::toString);
        assertTrue(h.b().runs("vm1"));

        h.b().down = false;
        List<String> lines = new PendingCleanupCheck(h.services()).check();
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("removed the stale copy of vm1"), lines::toString);
        assertFalse(h.b().runs("vm1"));
        assertEquals(DomainState.Kind.ABSENT, h.b().domainState("vm1").kind());
        assertTrue(h.a().isRunning("vm1"), "the VM itself is untouched");
        assertEquals(List.of(), new PendingCleanupCheck(h.services()).check(), "closed in the journal: not listed again");
        assertEquals(RunState.COMPENSATED, h.journal.find("run-1").orElseThrow().state());
    }

    @Test
    void aCopyThatMayBeTheOnlyOneIsListedNotRemoved() {
        Harness h = new Harness();
        h.b().diesOnIncomingMigration = true;
        h.migrate("bond-macvtap", false);
        h.b().down = false;
        h.b().pausedCopyForSetUp("vm1", h.a().guest("vm1"), "migration");
        h.a().destroy("vm1");   // the source copy is gone too: host-b's may be the only one
        List<String> lines = new PendingCleanupCheck(h.services()).check();
        assertTrue(lines.get(0).contains("check it by hand"), lines::toString);
        assertTrue(h.b().runs("vm1"));
    }

    @Test
    void aMacvtapThatCouldNotBeRemovedIsNamedInTheReportAndRemovedByTheNextCommand() {
        Harness h = new Harness();
        h.world.failOn("shell host-a ip link del", 0, 1);   // the source's macvtap, after the migration
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        String report = r.outcome().orElseThrow().leftovers().toString();
        assertTrue(report.contains("host-a: could not be cleaned: macvtap " + Harness.MACVTAP + ", the temporary port of vm1"), report);
        assertEquals(java.util.Set.of(Harness.MACVTAP), h.world.macvtaps("host-a"));

        List<String> lines = new PendingCleanupCheck(h.services()).check();
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("removed macvtap " + Harness.MACVTAP) && lines.get(0).contains("closed"), lines::toString);
        h.assertHealthyOn(h.b(), "fvf0");
        assertEquals(List.of(), new PendingCleanupCheck(h.services()).check(), "closed in the journal: not listed again");
    }

    @Test
    void aMacvtapLeftWhereTheVmRunsIsRemovedWhenTheVmDoesNotUseIt() {
        Harness h = new Harness();
        h.world.failOn("shell host-b ip link del", 0, 1);   // the destination's, after the port's detach
        assertEquals(ExitCode.DONE, h.migrate("bond-macvtap", false).exitCode(), () -> h.trace.events.toString());
        List<String> lines = new PendingCleanupCheck(h.services()).check();
        assertTrue(lines.get(0).contains("vm1 is running there; removed macvtap " + Harness.MACVTAP) && lines.get(0).contains("closed"),
                lines::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aMacvtapTheVmUsesIsLeftAndOneWhileARunHoldsTheVmIsNotChecked() {
        Harness h = new Harness();
        h.world.failOn("shell host-b ip link del", 0, 1);   // the destination's, after the port's detach: pending
        assertEquals(ExitCode.DONE, h.migrate("bond-macvtap", false).exitCode(), () -> h.trace.events.toString());

        h.leases.acquire(io.vfmigrate.ports.Leases.vmKey("vm1"), "run-9", "other-coordinator", java.time.Duration.ofMinutes(5));
        List<String> held = new PendingCleanupCheck(h.services()).check();
        assertTrue(held.get(0).contains("not checked now: vm:vm1 is held by run run-9"), held::toString);
        assertEquals(java.util.Set.of(Harness.MACVTAP), h.world.macvtaps("host-b"));
        h.leases.release(io.vfmigrate.ports.Leases.vmKey("vm1"), "run-9");

        // the VM uses it again (a port attached by hand): it stays
        h.b().plugForSetUp("vm1", "<interface type='ethernet'><mac address='" + Harness.MAC + "'/><target dev='" + Harness.MACVTAP
                + "' managed='no'/><model type='virtio'/><alias name='ua-by-hand'/></interface>");
        List<String> lines = new PendingCleanupCheck(h.services()).check();
        assertTrue(lines.get(0).contains("vm1 is running there; pending cleanup of run run-1 closed"), lines::toString);
        assertEquals(java.util.Set.of(Harness.MACVTAP), h.world.macvtaps("host-b"));
        assertEquals(List.of(), h.world.macvtapsRemovedInUse);
    }
}
