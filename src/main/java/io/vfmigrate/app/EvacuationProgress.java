package io.vfmigrate.app;

import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.workflow.RunListener;
import java.util.List;

/** Live progress of an evacuation, one call per event; every method is a no-op by default. */
public interface EvacuationProgress {
    /** The evacuation is journaled (or taken over again: {@code resumed}) and its VMs are about to move by {@code plan}. */
    default void started(String evacuationId, EvacuationPlan plan, boolean resumed) {}
    default void moveStarted(String vm, String destination, String workflow, int attempt) {}
    /** The VM's run is journaled and running: the evacuation's record links its id, so that a resume finds it. */
    default void runStarted(String vm, String destination, String runId) {}
    /**
     * A resumed evacuation goes on first with the run of {@code vm} that its previous coordinator left open
     * (killed in flight), before anything is planned: told before that run's own events.
     */
    default void resumingRun(String evacuationId, String vm, String destination, String runId) {}
    default void stepStarted(String vm, String destination, int index, String type) {}
    default void stepEnded(String vm, String destination, int index, String type, java.time.Duration took, boolean ok) {}
    default void replaced(String vm, String from, String to, String why) {}
    /** The destination's breaker opened: no more VMs are sent there. */
    default void breakerOpened(String destination, String why) {}
    default void moveEnded(VmMoveOutcome outcome) {}
    /** The move waits for a move slot in the state store (other coordinators' moves hold them); told once per reason. */
    default void waiting(String vm, String destination, String why) {}

    /** Who else hears the run that moves {@code vm} to {@code destination} (each try is a run of its own), and its migration job. */
    default RunWatch watch(String vm, String destination) { return RunWatch.NONE; }

    /** A run's listener and its migration job's observer. */
    record RunWatch(RunListener listener, MigrationObserver observer) {
        public static final RunWatch NONE = new RunWatch(RunListener.NONE, MigrationObserver.NONE);
    }

    EvacuationProgress NONE = new EvacuationProgress() {};

    /** Both, {@code first} first, for every event. */
    static EvacuationProgress both(EvacuationProgress first, EvacuationProgress second) {
        return new EvacuationProgress() {
            public void started(String id, EvacuationPlan plan, boolean resumed) {
                first.started(id, plan, resumed);
                second.started(id, plan, resumed);
            }
            public void moveStarted(String vm, String destination, String workflow, int attempt) {
                first.moveStarted(vm, destination, workflow, attempt);
                second.moveStarted(vm, destination, workflow, attempt);
            }
            public void runStarted(String vm, String destination, String runId) {
                first.runStarted(vm, destination, runId);
                second.runStarted(vm, destination, runId);
            }
            public void resumingRun(String evacuationId, String vm, String destination, String runId) {
                first.resumingRun(evacuationId, vm, destination, runId);
                second.resumingRun(evacuationId, vm, destination, runId);
            }
            public void stepStarted(String vm, String destination, int index, String type) {
                first.stepStarted(vm, destination, index, type);
                second.stepStarted(vm, destination, index, type);
            }
            public void stepEnded(String vm, String destination, int index, String type, java.time.Duration took, boolean ok) {
                first.stepEnded(vm, destination, index, type, took, ok);
                second.stepEnded(vm, destination, index, type, took, ok);
            }
            public void replaced(String vm, String from, String to, String why) {
                first.replaced(vm, from, to, why);
                second.replaced(vm, from, to, why);
            }
            public void breakerOpened(String destination, String why) {
                first.breakerOpened(destination, why);
                second.breakerOpened(destination, why);
            }
            public void moveEnded(VmMoveOutcome outcome) {
                first.moveEnded(outcome);
                second.moveEnded(outcome);
            }
            public void waiting(String vm, String destination, String why) {
                first.waiting(vm, destination, why);
                second.waiting(vm, destination, why);
            }
            public RunWatch watch(String vm, String destination) {
                RunWatch a = first.watch(vm, destination);
                RunWatch b = second.watch(vm, destination);
                return new RunWatch(RunListener.of(List.of(a.listener(), b.listener())), MigrationObserver.of(List.of(a.observer(), b.observer())));
            }
        };
    }
}
