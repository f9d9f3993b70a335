package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.LeaseLostException;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A coordinator frozen past its lease, whose run another coordinator took over, stops at its next action. */
class LeaseFencingTest {
    /** Freezes the coordinator after step n: its lease expires and another coordinator takes the run over. */
    private static RunListener frozenAfter(Harness h, int n, List<Integer> mutationsAtTakeOver) {
        return new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                if (i + 1 != n) return;
                h.clock.sleep(Duration.ofMinutes(6));
                assertEquals(Optional.empty(), h.leases.acquire(Leases.vmKey("vm1"), run.id(), "other-coordinator", Duration.ofMinutes(5)));
                mutationsAtTakeOver.add(h.world.mutations.size());
            }
        };
    }

    @ParameterizedTest(name = "frozen after step {0}: stops at once, the other coordinator finishes")
    @ValueSource(ints = {1, 3, 5, 7})
    void aCoordinatorThatLostItsLeaseStopsWithoutActing(int n) {
        Harness h = new Harness();
        List<Integer> atTakeOver = new ArrayList<>();
        List<String> started = new ArrayList<>();
        RunListener starts = new RunListener() {
            public void stepStarted(RunRecord run, int i, String type) { started.add(type); }
            public void compensationStarted(RunRecord run, int i, String type) { started.add("undo " + type); }
        };
        LeaseLostException lost = assertThrows(LeaseLostException.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(frozenAfter(h, n, atTakeOver), starts)));

        assertEquals("lost the lease of run run-1 to coordinator other-coordinator; stopping: nothing more is done by this process",
                lost.getMessage());
        assertEquals(n, started.size(), () -> "no step or undo started after the take-over: " + started);
        assertEquals(atTakeOver.get(0), h.world.mutations.size(), () -> "acted after the take-over: " + h.world.mutations);
        assertEquals("other-coordinator", h.leases.holder(Leases.vmKey("vm1")).orElseThrow().coordinator(),
                "the frozen coordinator neither renewed nor released the new holder's lease");
        assertEquals(RunState.RUNNING, h.journal.find("run-1").orElseThrow().state());

        RunOutcome o = new OpenRun(h.services("other-coordinator")).resume("run-1", List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @ParameterizedTest(name = "frozen during rollback after undo of step {0}")
    @ValueSource(ints = {2})
    void aRollbackThatLostItsLeaseStopsBeforeItsNextUndo(int n) {
        Harness h = new Harness();
        h.world.failOn("migrate");
        List<String> undos = new ArrayList<>();
        RunListener thief = new RunListener() {
            public void compensationSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                undos.add(type);
                if (undos.size() == n) {
                    h.clock.sleep(Duration.ofMinutes(6));
                    h.leases.acquire(Leases.vmKey("vm1"), run.id(), "other-coordinator", Duration.ofMinutes(5));
                }
            }
        };
        assertThrows(LeaseLostException.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(thief)));
        assertEquals(n, undos.size(), undos::toString);
        assertFalse(h.journal.find("run-1").orElseThrow().state().isTerminal());
        RunOutcome o = new OpenRun(h.services("other-coordinator")).rollback("run-1", List.of(h.trace));
        assertEquals(RunState.COMPENSATED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.a(), "fvf0");
        assertTrue(h.leases.holder(Leases.vmKey("vm1")).isEmpty());
    }
}
