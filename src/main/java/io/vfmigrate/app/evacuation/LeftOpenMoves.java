package io.vfmigrate.app.evacuation;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The runs of an evacuation's VMs that its previous coordinator left open (killed in flight). A resumed
 * evacuation goes on with each of them before anything is planned: until then the VM may be on both
 * hosts, paused, or without its VF, and a plan would place it wrongly or not at all. A run that ends
 * with the VM on its destination is that VM's move; one that ends where it started (compensated, or
 * closed because the VM is healthy there) leaves the VM to be placed again like the others; one that
 * needs an operator, or could not be resumed, is the VM's outcome and nothing new starts for it.
 */
final class LeftOpenMoves {
    /** {@code settled}: the VMs not to be placed again (their outcome is in {@code outcomes}). */
    record Result(List<VmMoveOutcome> outcomes, Set<String> settled) {
        static final Result NONE = new Result(List.of(), Set.of());
    }

    private LeftOpenMoves() {}

    /** Resumes them, at most {@code parallel} at once; the outcome of each VM that needs no new placement. */
    static Result resume(List<RunRecord> open, VmMoveRun moves, int parallel, String evacuationId, EvacuationProgress progress) {
        if (open.isEmpty()) return Result.NONE;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, open.size()));
        List<Future<VmMoveRun.Resumed>> running = new ArrayList<>();
        try {
            for (RunRecord run : open) {
                running.add(pool.submit(() -> {
                    progress.resumingRun(evacuationId, run.vm(), run.destination(), run.id());
                    progress.moveStarted(run.vm(), run.destination(), run.workflow(), 1);
                    return moves.resume(run, progress);
                }));
            }
            List<VmMoveOutcome> outcomes = new ArrayList<>();
            Set<String> settled = new LinkedHashSet<>();
            for (Future<VmMoveRun.Resumed> f : running) {
                VmMoveRun.Resumed r = f.get();
                RunRecord run = r.run();
                VmMoveOutcome o;
                if (r.state() == RunState.SUCCEEDED) {
                    o = new VmMoveOutcome(run.vm(), Optional.of(run.destination()), run.workflow(), VmMoveOutcome.Result.MOVED,
                            "moved by its run left open, resumed", Optional.of(run.id()), ExitCode.DONE, 1, r.took());
                } else if (r.state() == RunState.COMPENSATED || r.state() == RunState.CLOSED) {
                    o = new VmMoveOutcome(run.vm(), Optional.empty(), run.workflow(), VmMoveOutcome.Result.STAYED,
                            "its run left open ended on " + run.source() + " (" + r.detail() + "): placed again",
                            Optional.of(run.id()), ExitCode.of(r.state()), 1, r.took());
                    progress.moveEnded(o);   // told, not kept: the VM is in the plan that follows
                    continue;
                } else {
                    o = new VmMoveOutcome(run.vm(), Optional.of(run.destination()), run.workflow(), VmMoveOutcome.Result.NEEDS_OPERATOR,
                            r.detail(), Optional.of(run.id()), ExitCode.NEEDS_OPERATOR, 1, r.took());
                }
                progress.moveEnded(o);
                outcomes.add(o);
                settled.add(run.vm());
            }
            return new Result(outcomes, settled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resuming runs left open: check `vfmigrate runs`", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("resuming a run left open failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
