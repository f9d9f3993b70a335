package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.Services;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.SettledCopies;
import io.vfmigrate.workflow.VmCopies;
import io.vfmigrate.workflow.steps.Migrate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Item 2 of issue 8: a paused copy is not the running VM; which copy is the VM is decided, resumed, the other removed. */
class PausedIsNotRunningTest {

    @Test
    void aPausedCopyLeftOnTheSourceAtTheEndOfTheMigrationIsRemovedAndTheRunIsDone() {
        Harness h = new Harness();
        h.a().migrationLeavesPausedCopy = true;
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertFalse(h.a().runs("vm1"), "no copy left on the source");
        assertFalse(h.a().shutOff.containsKey("vm1"), "no definition left on the source (undefine-source)");
        assertTrue(h.world.mutations.contains("destroy host-a vm1"), h.world.mutations::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aDestinationCopyLeftPausedIsResumed() {
        Harness h = new Harness();
        h.b().incomingStaysPaused = true;
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(DomainState.RUNNING, h.b().domainState("vm1"));
        assertTrue(h.world.mutations.contains("resume host-b vm1"), h.world.mutations::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aPausedSourceIsRefusedByPreflight() {
        Harness h = new Harness();
        h.a().domainOf("vm1").state = DomainState.paused("user");
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.REFUSED, r.exitCode());
        assertTrue(r.plan().preflight().toString().contains("paused (user)"), r.plan().preflight()::toString);
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
    }

    @Test
    void bothPausedTheDestinationWinsOnlyWhenTheMigrationCompleted() {
        Harness h = new Harness();
        RunContext ctx = ctx(h);
        var guest = h.a().guest("vm1");
        h.b().pausedCopyForSetUp("vm1", guest, "migration");
        h.a().domainOf("vm1").state = DomainState.paused("migration");
        assertEquals("host-a", VmCopies.read(ctx).authoritative().orElseThrow().name(), "no completed job: the source is the VM");
        // the statistics of the migration that brought the VM to the source are kept until its next job completes
        h.a().domainOf("vm1").state = DomainState.paused("migration").withCompleted(DomainState.Completed.MIGRATION_IN);
        assertEquals("host-a", VmCopies.read(ctx).authoritative().orElseThrow().name(), "the source's arrival is no sign that it left");
        h.a().domainOf("vm1").state = DomainState.paused("migration").withCompleted(DomainState.Completed.MIGRATION_OUT);
        VmCopies copies = VmCopies.read(ctx);
        assertEquals("host-b", copies.authoritative().orElseThrow().name());
        List<String> done = copies.settle(true);
        assertEquals(3, done.size(), done::toString);
        assertTrue(h.b().isRunning("vm1"));
        assertEquals(DomainState.Kind.ABSENT, h.a().domainState("vm1").kind());
        assertEquals(List.of(), VmCopies.read(ctx).settle(true), "settling again does nothing");
    }

    /**
     * Issue 18.1: the source daemon, restarted after a kill at the end of the migration, resumes its paused domain
     * between our state read and our resume(); libvirt then refuses ("domain is already running"): the undo's goal
     * holds, so it succeeded. The same for a copy that went away between the read and its destroy or undefine.
     */
    @Test
    void anActionRefusedBecauseItsGoalAlreadyHeldSucceeds() {
        Harness h = new Harness();
        RunContext ctx = ctx(h);
        h.a().domainOf("vm1").state = DomainState.paused("migration");
        VmCopies copies = VmCopies.read(ctx);
        h.a().domainOf("vm1").state = DomainState.RUNNING; // the restarted daemon resumed it meanwhile
        h.world.failOn("resume host-a", 0, 1);
        assertEquals(1, copies.settle(false).size());
        assertTrue(h.a().isRunning("vm1"));

        var guest = h.a().guest("vm1");
        h.b().pausedCopyForSetUp("vm1", guest, "migration");
        VmCopies stale = VmCopies.read(ctx);
        h.b().destroy("vm1");
        h.b().undefine("vm1"); // gone meanwhile (the destination's daemon cleaned its incoming copy)
        h.world.failOn("destroy host-b", 0, 1);
        h.world.failOn("undefine host-b", 0, 1);
        assertEquals(2, stale.settle(false).size(), "destroyed and undefined: both goals held");
    }

    @Test
    void anActionThatFailsWithItsGoalNotHeldStillFails() {
        Harness h = new Harness();
        RunContext ctx = ctx(h);
        h.a().domainOf("vm1").state = DomainState.paused("migration");
        h.world.failOn("resume host-a", 0, 1);
        assertThrows(FailureException.class, () -> VmCopies.read(ctx).settle(false));
        assertTrue(h.a().domainState("vm1").isPaused(), "still paused: the failure stands");
    }

    @Test
    void twoRunningCopiesAreAnOperatorsCall() {
        Harness h = new Harness();
        RunContext ctx = ctx(h);
        h.b().pausedCopyForSetUp("vm1", h.a().guest("vm1"), "user");
        h.b().domainOf("vm1").state = DomainState.RUNNING;
        var e = assertThrows(FailureException.class, () -> VmCopies.read(ctx).authoritative());
        assertTrue(e.getMessage().contains("runs on both"), e.getMessage());
        h.b().domainOf("vm1").state = DomainState.RUNNING.withCompleted(DomainState.Completed.MIGRATION_OUT);
        assertThrows(FailureException.class, () -> VmCopies.read(ctx).authoritative(), "a migration out of the destination proves nothing");
        // a destination keeps the statistics of the migration that brought the VM in: a source copy that someone started
        // or resumed since (not libvirt, resuming it as a migration that did not happen) is the operator's to judge
        h.b().domainOf("vm1").state = DomainState.RUNNING.withCompleted(DomainState.Completed.MIGRATION_IN);
        for (String reason : List.of("booted", "unpaused", "")) {
            h.a().domainOf("vm1").state = DomainState.running(reason);
            assertThrows(FailureException.class, () -> VmCopies.read(ctx).authoritative(), "source running (" + reason + ")");
        }
    }

    @Test
    void twoRunningCopiesAreTheDestinationsWhenItsMigrationCompleted() {
        Harness h = new Harness();
        RunContext ctx = ctx(h);
        h.b().pausedCopyForSetUp("vm1", h.a().guest("vm1"), "user");
        h.b().domainOf("vm1").state = DomainState.RUNNING.withCompleted(DomainState.Completed.MIGRATION_IN);
        h.a().domainOf("vm1").state = DomainState.running(DomainState.RESUMED_AFTER_MIGRATION);
        VmCopies copies = VmCopies.read(ctx);
        assertEquals("host-b", copies.authoritative().orElseThrow().name(), "the source's copy was resumed after its migration completed");
        List<String> done = copies.settle(true);
        assertTrue(done.get(0).contains("destroyed the stale copy of vm1 on host-a") && done.get(0).contains("check the guest's storage"), done::toString);
        assertTrue(h.b().isRunning("vm1"));
        assertEquals(DomainState.Kind.ABSENT, h.a().domainState("vm1").kind());
    }

    /**
     * The lab's LabFaultTest, on the fakes: the source's daemon dies as the migration ends and its restart resumes the
     * source's copy while the destination's runs. The run ends with one copy, never needing an operator.
     */
    @Test
    void aMigrationThatCompletedWhileTheSourcesDaemonDiedEndsWithOneCopy() {
        Harness h = new Harness();
        h.a().migrationEndsWithTheSourceResumed = true;
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertTrue(h.world.mutations.contains("destroy host-a vm1"), h.world.mutations::toString);
        h.assertHealthyOn(h.b(), "fvf0");
        // done, but the copy that ran beside the migrated one is the operator's to look into: the run's report says so
        RunReport report = RunReport.of(h.services().journal().entries(r.outcome().orElseThrow().run().id()));
        assertEquals(2, report.settledCopies().size(), report::toString);
        assertTrue(report.settledCopies().get(0).contains("ran beside the migrated copy"), report::toString);
        assertEquals("undefined vm1 on host-a", report.settledCopies().get(1), "the workflow undefines the source");
        assertTrue(report.lines().stream().anyMatch(l -> l.startsWith("  warning: destroyed the stale copy of vm1 on host-a")), report.lines()::toString);
    }

    /** The same, with the source's daemon unreachable when the migration's end is checked: the run's own undo finds the split. */
    @Test
    void aMigrationThatCompletedWhileTheSourcesDaemonWasDownIsUndoneWithOneCopy() {
        Harness h = new Harness();
        h.a().migrationEndsWithTheSourceResumed = true;
        // the source's daemon is down as the migration's end is checked: the step fails, the run compensates
        h.a().whileMigrating = vm -> h.world.failOn("state host-a", 0, 1);
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode(), () -> h.trace.events.toString());
        List<String> m = h.world.mutations;
        int destroyed = m.indexOf("destroy host-a vm1");
        assertTrue(destroyed >= 0 && destroyed < m.lastIndexOf("migrate host-b vm1"), () -> "the stale copy destroyed, then the VM migrated back: " + m);
        h.assertHealthyOn(h.a(), "fvf0");
    }

    /** The same split, found by a rollback: the migrated copy is the VM, so it migrates back; the stale one is destroyed first. */
    @Test
    void rollbackWithTheSourcesCopyResumedBesideTheMigratedOneBringsTheMigratedOneBack() {
        Harness h = HandRepair.diedAfter(5);   // vm1 migrated to host-b
        h.b().domainOf("vm1").state = DomainState.RUNNING.withCompleted(DomainState.Completed.MIGRATION_IN);
        h.a().pausedCopyForSetUp("vm1", h.b().guest("vm1"), "migration");
        h.a().domainOf("vm1").state = DomainState.running(DomainState.RESUMED_AFTER_MIGRATION);   // resumed by the restarted source daemon
        var o = new OpenRun(h.services("other")).rollback("run-1", List.of(h.trace));
        assertEquals(RunState.COMPENSATED, o.state(), () -> h.trace.events.toString());
        List<String> m = h.world.mutations;
        int destroyed = m.indexOf("destroy host-a vm1");
        assertTrue(destroyed >= 0 && destroyed < m.indexOf("migrate host-b vm1"), () -> "the stale copy destroyed, then the VM migrated back: " + m);
        h.assertHealthyOn(h.a(), "fvf0");
    }

    /**
     * The undo of migrate finds the destination silent (the source's copy runs: the VM), then, cleaning the destination
     * once it answers, finds its copy is the migrated VM: it removes nothing there, destroys the stale source copy and
     * migrates the VM back.
     */
    @Test
    void anUndoThatFoundTheDestinationSilentMigratesBackWhenItsCopyTurnsOutToBeTheVm() {
        Harness h = new Harness();
        RunContext ctx = ctx(h);
        h.b().pausedCopyForSetUp("vm1", h.a().guest("vm1"), "migration");
        h.b().domainOf("vm1").state = DomainState.RUNNING.withCompleted(DomainState.Completed.MIGRATION_IN);
        h.a().domainOf("vm1").state = DomainState.running(DomainState.RESUMED_AFTER_MIGRATION);
        h.world.failOn("state host-b", 0, 1);
        Migrate step = new Migrate(List.of("live"), Optional.empty(), Optional.empty(), Duration.ofMinutes(1), java.util.Map.of());
        step.compensate(ctx);
        List<String> m = h.world.mutations;
        assertTrue(m.indexOf("destroy host-a vm1") >= 0 && m.indexOf("destroy host-a vm1") < m.indexOf("migrate host-b vm1"), m::toString);
        assertTrue(h.a().isRunning("vm1"));
        assertFalse(h.b().runs("vm1"));
        assertTrue(SettledCopies.of(ctx.facts().snapshot()).get(0).contains("ran beside the migrated copy"), ctx.facts().snapshot()::toString);
    }

    /** A stale copy found by the end-state check (after the last step) is in the run's report too, from the journal. */
    @Test
    void aStaleCopyRemovedByTheEndStateCheckIsInTheReport() {
        Harness h = new Harness();
        RunListener staleCopy = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, java.util.Map<String, String> facts) {
                if (!type.equals("remove-temporary-port")) return;
                h.a().pausedCopyForSetUp("vm1", h.b().guest("vm1"), "migration");
                h.a().domainOf("vm1").state = DomainState.paused("migration").withCompleted(DomainState.Completed.MIGRATION_OUT);
            }
        };
        var r = new MigrateVm(h.services()).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(h.trace, staleCopy));
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.b(), "fvf0");
        RunReport report = RunReport.of(h.services().journal().entries(r.outcome().orElseThrow().run().id()));
        assertTrue(report.settledCopies().size() >= 1 && report.settledCopies().get(0).startsWith("destroyed the stale copy of vm1 on host-a (paused"),
                report::toString);
    }

    @Test
    void noActiveCopyIsNoAuthority() {
        Harness h = new Harness();
        RunContext ctx = ctx(h);
        h.a().destroy("vm1");
        VmCopies copies = VmCopies.read(ctx);
        assertEquals(Optional.empty(), copies.authoritative());
        assertEquals(DomainState.Kind.SHUT_OFF, copies.onSource().kind());
        assertFalse(h.a().isRunning("vm1"));
    }

    private static Harness diedAfterMigrationWithThePausedDestination() {   // after step 7 (enslave-vf)
        Harness h = new Harness();
        RunListener killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, java.util.Map<String, String> facts) {
                if (i + 1 == 7) throw new ResumeRollbackTest.Death();
            }
        };
        assertThrows(ResumeRollbackTest.Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        h.b().domainOf("vm1").state = DomainState.paused("migration");   // the coordinator died as the migration ended
        h.clock.sleep(Duration.ofMinutes(6));
        return h;
    }

    @Test
    void resumeOfARunWhoseDestinationCopyIsPausedResumesItAndFinishes() {
        Harness h = diedAfterMigrationWithThePausedDestination();
        var o = new OpenRun(h.services("other")).resume("run-1", List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        assertEquals(DomainState.RUNNING, h.b().domainState("vm1"));
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void rollbackOfARunWhoseDestinationCopyIsPausedBringsTheVmBackRunning() {
        Harness h = diedAfterMigrationWithThePausedDestination();
        var o = new OpenRun(h.services("other")).rollback("run-1", List.of(h.trace));
        assertEquals(RunState.COMPENSATED, o.state(), () -> h.trace.events.toString());
        assertEquals(DomainState.RUNNING, h.a().domainState("vm1"));
        h.assertHealthyOn(h.a(), "fvf0");
    }

    static RunContext ctx(Harness h) {
        Services s = h.services();
        return new RunContext("run-x", "vm1", h.world.host("host-a"), h.world.host("host-b"), new Facts(), s.poll(),
                LeaseReservations.lookOnly(s), Duration.ofSeconds(5));
    }
}
