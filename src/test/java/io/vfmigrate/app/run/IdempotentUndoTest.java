package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.Engine;
import io.vfmigrate.workflow.Poll;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import io.vfmigrate.workflow.RunProgress;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import io.vfmigrate.workflow.WorkflowDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Item 6 of issue 8: undos are idempotent in fact, and forward recovery retries a failed undo. */
class IdempotentUndoTest {

    @Test
    void aRollbackAfterAHalfDoneUndoOfDetachVfSucceeds() {
        Harness h = new Harness();
        RunListener killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                if (i + 1 == 4) throw new ResumeRollbackTest.Death();
            }
        };
        org.junit.jupiter.api.Assertions.assertThrows(ResumeRollbackTest.Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        h.clock.sleep(Duration.ofMinutes(6));
        // the undo of detach-vf attaches the VF again, then cannot see it in the guest: half done
        // the first listings: the guest's NICs found by MAC and role, then the re-checks: health, then enslave and fail-over done
        h.world.failOn("guest ip -o -d link show", 4, 1);
        RunOutcome first = new OpenRun(h.services("other")).rollback("run-1", List.of(h.trace));
        assertEquals(RunState.NEEDS_OPERATOR, first.state(), () -> h.trace.events.toString());
        assertFalse(RunReport.of(h.journal.entries("run-1")).leftBehind().isEmpty(), "the first rollback's report names what it left");
        assertTrue(h.a().interfaceXmls("vm1").stream().anyMatch(x -> x.contains("fvf0")), "the VF is attached again, not in the bond");
        h.clock.sleep(Duration.ofMinutes(6));
        RunOutcome second = new OpenRun(h.services("third")).rollback("run-1", List.of(h.trace));
        assertEquals(RunState.COMPENSATED, second.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.a(), "fvf0");
        // issue 18.6: the final report checks again and keeps none of the first rollback's "left behind" lines
        assertEquals(List.of(RunReport.NOTHING), RunReport.of(h.journal.entries("run-1")).leftBehind());
    }

    /** A step that fails its first {@code applyFailures} applies and its first {@code undoFailures} undos. */
    static final class Flaky implements Step {
        final String type;
        final boolean migration;
        int applyFailures;
        int undoFailures;

        Flaky(String type, boolean migration, int applyFailures, int undoFailures) {
            this.type = type;
            this.migration = migration;
            this.applyFailures = applyFailures;
            this.undoFailures = undoFailures;
        }

        public String type() { return type; }
        public boolean isMigration() { return migration; }
        public void apply(RunContext ctx) {
            if (applyFailures-- > 0) throw new FailureException(new Failure.Unexpected(type + " failed"));
        }
        Failure undoFailure = new Failure.Unexpected("undo failed");

        /** How long a failing undo takes (a connect timeout). */
        Duration undoFailureTakes = Duration.ZERO;
        io.vfmigrate.fakes.FakeClock clock;

        public void compensate(RunContext ctx) {
            if (undoFailures-- > 0) {
                if (clock != null) clock.sleep(undoFailureTakes);
                throw new FailureException(undoFailure);
            }
        }
        public StepPlan plan(RunContext ctx) { return null; }
    }

    /** Compensation before the migration of a run with one step whose undo fails {@code undoFailures} times with {@code failure}. */
    private static RunOutcome compensating(Harness h, int undoFailures, Failure failure) {
        return compensating(h, undoFailures, failure, Duration.ZERO);
    }

    private static RunOutcome compensating(Harness h, int undoFailures, Failure failure, Duration eachFailureTakes) {
        Flaky detach = new Flaky("detach", false, 0, undoFailures);
        detach.undoFailure = failure;
        detach.undoFailureTakes = eachFailureTakes;
        detach.clock = h.clock;
        var steps = List.<Step>of(detach, new Flaky("migrate", true, 1, 0));
        var record = new RunRecord("run-8", "vm1", "host-a", "host-b", "test", Map.of(), RunState.PENDING, "c", h.clock.instant(), h.clock.instant());
        var engine = new Engine(List.of(h.trace), h.clock, new Poll(h.clock, h.clock), ctx -> List.of());
        return engine.execute(new RunProgress(record, steps), PausedIsNotRunningTest.ctx(h), new WorkflowDefinition.RecoveryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 0));
    }

    /** A libvirtd restarting (its socket gone for a few seconds): the undo is tried again 1, 2, 4 and 8 s later, and compensates. */
    @Test
    void anUndoThatCannotReachItsHostIsTriedAgainForFifteenSecondsBeforeAnOperatorIsCalled() {
        Harness h = new Harness();
        var start = h.clock.instant();
        RunOutcome o = compensating(h, 2, new Failure.LibvirtError("host-a", 38, "Failed to connect socket to '/run/libvirt/libvirt-sock': No such file or directory"));
        assertEquals(RunState.COMPENSATED, o.state(), () -> h.trace.events.toString());
        assertEquals(List.of("state:RUNNING", "apply:detach", "fail:migrate", "state:COMPENSATING", "undo:migrate", "undo-failed:detach",
                "undo-failed:detach", "undo:detach", "state:COMPENSATED"), h.trace.events);
        assertEquals(Duration.ofSeconds(3), Duration.between(start, h.clock.instant()), "waited 1 s, then 2 s");

        Harness away = new Harness();
        var awayStart = away.clock.instant();
        RunOutcome gone = compensating(away, 5, new Failure.HostUnreachable("host-a", "libvirt", "no answer while connecting within 20s"));
        assertEquals(RunState.NEEDS_OPERATOR, gone.state(), () -> away.trace.events.toString());
        assertEquals(5, away.trace.events.stream().filter("undo-failed:detach"::equals).count(), () -> away.trace.events.toString());
        assertEquals(Duration.ofSeconds(15), Duration.between(awayStart, away.clock.instant()), "1 + 2 + 4 + 8 s");

        // packets dropped: each try waits out a connect timeout (6 s), and the 30 s count from the first failure
        Harness dropped = new Harness();
        var droppedStart = dropped.clock.instant();
        RunOutcome black = compensating(dropped, 9, new Failure.HostUnreachable("host-a", "libvirt", "no answer while connecting within 6s"),
                Duration.ofSeconds(6));
        assertEquals(RunState.NEEDS_OPERATOR, black.state(), () -> dropped.trace.events.toString());
        assertEquals(4, dropped.trace.events.stream().filter("undo-failed:detach"::equals).count(), () -> dropped.trace.events.toString());
        assertEquals(Duration.ofSeconds(6 + 1 + 6 + 2 + 6 + 4 + 6), Duration.between(droppedStart, dropped.clock.instant()),
                "three more tries within 30 s of the first failure");
    }

    @Test
    void anUndoThatFailedOnTheHostIsNotTriedAgain() {
        Harness h = new Harness();
        var start = h.clock.instant();
        RunOutcome o = compensating(h, 1, new Failure.HostCommandFailed("host-a", "ip link set pf0 vf 3 mac 52:54:00:00:00:01", 2, "RTNETLINK answers: Invalid argument"));
        assertEquals(RunState.NEEDS_OPERATOR, o.state(), () -> h.trace.events.toString());
        assertEquals(1, h.trace.events.stream().filter("undo-failed:detach"::equals).count(), () -> h.trace.events.toString());
        assertEquals(start, h.clock.instant(), "no wait");
    }

    @Test
    void forwardRecoveryRetriesAFailedUndoWithItsBackoff() {
        Harness h = new Harness();
        var steps = List.<Step>of(new Flaky("migrate", true, 0, 0), new Flaky("attach", false, 2, 1));
        var record = new RunRecord("run-9", "vm1", "host-a", "host-b", "test", Map.of(), RunState.PENDING, "c", h.clock.instant(), h.clock.instant());
        var engine = new Engine(List.of(h.trace), h.clock, new Poll(h.clock, h.clock), ctx -> List.of());
        var policy = new WorkflowDefinition.RecoveryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 0);
        var start = h.clock.instant();
        RunOutcome o = engine.execute(new RunProgress(record, steps), PausedIsNotRunningTest.ctx(h), policy);
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        assertEquals(List.of("state:RUNNING", "apply:migrate", "fail:attach", "state:RECOVERING", "retry:attach", "undo-failed:attach",
                "retry:attach", "undo:attach", "fail:attach", "retry:attach", "undo:attach", "apply:attach", "state:RUNNING", "state:SUCCEEDED"),
                h.trace.events);
        assertTrue(Duration.between(start, h.clock.instant()).compareTo(Duration.ofSeconds(7)) >= 0, "backoff 1 s, 2 s, 4 s");
    }
}
