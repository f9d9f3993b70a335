package io.vfmigrate.app.evacuation;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.MoveSlotWait;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.ReturnPlan;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.app.VmRuns;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.planning.Placement;
import io.vfmigrate.planning.Unplaceable;
import io.vfmigrate.ports.DestinationBreakers;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The `evacuate` use case for real: plans, disables the host in the store, then moves the VMs as
 * ordinary runs ({@link VmRuns}), at most {@code --parallel} at once and {@code --max-per-destination}
 * into one host, starting the next as soon as a slot frees. A run that did not move its VM feeds that
 * destination's breaker and the VM tries another destination (at most {@link #MAX_TRIES} runs, never
 * one that failed it); an open breaker sends the moves not started yet elsewhere. The operator's stop
 * (a first signal) is no destination's failure: no move starts after it, the runs it stopped feed no
 * breaker and their VMs are not placed again, and the evacuation is left open for `resume EVAC`.
 */
public final class EvacuateHost implements Evacuations.Evacuation {
    public static final int MAX_TRIES = 3;

    private final Services s;
    private final VmRuns runs;
    private final DestinationBreakers breakers;
    private final MoveGate gate;
    private final RunListener observer;
    private final RunControls controls;

    public EvacuateHost(Services services, VmRuns runs, Evacuations.Controls controls) {
        this.s = services;
        this.runs = runs;
        this.breakers = controls.breakers();
        // the operator's stop first: its reason ("stopped by SIGTERM") is what the VMs left on the host are told
        this.gate = MoveGate.stopped(controls.run().stopRequested()).and(controls.gate());
        this.observer = controls.observer();
        this.controls = controls.run();
    }

    /** Evacuations on these services, each VM moved by {@code runs}. */
    public static Evacuations on(Services services, VmRuns runs) { return c -> new EvacuateHost(services, runs, c); }

    @Override
    public EvacuationResult run(EvacuationRequestSpec spec, EvacuationProgress progress) {
        PlanEvacuation.Result planned = new PlanEvacuation(s, controls.afterWorkflow()).plan(spec);
        if (planned.exitCode() != ExitCode.DONE) return new EvacuationResult(planned.plan(), List.of(), planned.exitCode(), planned.refusal());
        try (EvacuationRecord record = EvacuationRecord.start(s, spec)) {
            return execute(planned, spec, record, progress, false, LeftOpenMoves.Result.NONE);
        }
    }

    @Override
    public EvacuationResult plan(EvacuationRequestSpec spec) {
        PlanEvacuation.Result planned = new PlanEvacuation(s, controls.afterWorkflow()).plan(spec);
        return new EvacuationResult(planned.plan(), List.of(), planned.exitCode(), planned.refusal());
    }

    @Override
    public EvacuationResult moveBack(ReturnPlan plan, EvacuationProgress progress) {
        try (EvacuationRecord record = EvacuationRecord.startReturn(s, plan)) {
            return execute(planned(plan), plan.spec(), record, progress, false, LeftOpenMoves.Result.NONE);
        }
    }

    @Override
    public EvacuationResult resumeMoveBack(String returnId, Supplier<ReturnPlan> replan, EvacuationProgress progress) {
        RunRecord r = s.journal().find(returnId).orElseThrow(() -> new ConfigException("no run '" + returnId + "' in the journal"));
        if (!ParentRuns.isReturn(r)) throw new ConfigException("run " + returnId + " is not a maintenance's moves back");
        try (EvacuationRecord record = EvacuationRecord.resume(s, r)) {
            EvacuationProgress journaled = journaled(record, progress);
            LeftOpenMoves.Result earlier = LeftOpenMoves.resume(EvacuationRecord.openChildRuns(s, r), new VmMoveRun(s, runs, observer, controls),
                    EvacuationRecord.spec(r).parallel(), returnId, journaled);
            ReturnPlan plan = replan.get();
            return execute(planned(plan), plan.spec(), record, progress, true, earlier);
        }
    }

    private static PlanEvacuation.Result planned(ReturnPlan plan) {
        return new PlanEvacuation.Result(Optional.of(plan.plan()), ExitCode.DONE, Optional.empty(), Optional.of(plan.snapshot()),
                Optional.of(plan.request()));
    }

    /**
     * Goes on with an evacuation whose coordinator died: first the VMs' runs it left open (killed in flight) are
     * resumed ({@link LeftOpenMoves}), then the VMs still on the host are placed and moved.
     */
    @Override
    public EvacuationResult resume(String evacuationId, EvacuationProgress progress) {
        RunRecord r = s.journal().find(evacuationId).orElseThrow(() -> new ConfigException("no run '" + evacuationId + "' in the journal"));
        if (!ParentRuns.isEvacuation(r)) throw new ConfigException("run " + evacuationId + " is not an evacuation");
        if (ParentRuns.isReturn(r)) {
            throw new ConfigException("run " + evacuationId + " moves the VMs of maintenance " + r.params().get(ParentRuns.MAINTENANCE)
                    + " back: `vfmigrate maintenance exit " + r.params().get("host") + "` goes on with it");
        }
        try (EvacuationRecord record = EvacuationRecord.resume(s, r)) {
            EvacuationRequestSpec spec = EvacuationRecord.spec(r);
            EvacuationProgress journaled = journaled(record, progress);
            LeftOpenMoves.Result earlier = LeftOpenMoves.resume(EvacuationRecord.openChildRuns(s, r), new VmMoveRun(s, runs, observer, controls),
                    spec.parallel(), evacuationId, journaled);
            PlanEvacuation.Result planned = new PlanEvacuation(s, controls.afterWorkflow()).plan(spec);
            if (planned.exitCode() != ExitCode.DONE) {
                s.leases().releaseAll(evacuationId); // left open, for another try
                return new EvacuationResult(planned.plan(), earlier.outcomes(), planned.exitCode(), planned.refusal());
            }
            return execute(planned, spec, record, progress, true, earlier);
        }
    }


    /** {@code earlier}: the VMs whose runs left open were resumed first; those settled are not moved again. */
    private EvacuationResult execute(PlanEvacuation.Result planned, EvacuationRequestSpec spec, EvacuationRecord record, EvacuationProgress progress,
                           boolean resumed, LeftOpenMoves.Result earlier) {
        EvacuationPlan whole = planned.plan().orElseThrow();
        EvacuationPlan plan = new EvacuationPlan(whole.host(),
                whole.moves().stream().filter(m -> !earlier.settled().contains(m.placement().vm())).toList(),
                whole.unplaceable().stream().filter(u -> !earlier.settled().contains(u.vm())).toList());
        progress.started(record.id(), plan, resumed);
        // moves back into a host leave its flag alone: the maintenance enabled it
        if (!ParentRuns.isReturn(record.record())) s.hostFlags().disable(spec.host(), "being evacuated (" + record.id() + ")", s.coordinator());
        List<VmMoveOutcome> outcomes = new ArrayList<>();
        for (Unplaceable u : plan.unplaceable()) outcomes.add(stayed(u.vm(), "-", "unplaceable: " + u.reason(), 0));
        // offline moves (shut-off VMs: their definition) are runs like the others, and count as moves
        List<Placement> moves = plan.moves().stream().map(EvacuationPlan.Move::placement).toList();
        MoveQueue queue = new MoveQueue(planned.snapshot().orElseThrow(), planned.request().orElseThrow(), breakers, moves);
        EvacuationProgress journaled = journaled(record, progress);
        EvacuationSlots slots = new EvacuationSlots(s, record.id(), spec.maxPerDestination(), journaled);
        Set<String> cutShort = new LinkedHashSet<>(); // the VMs the closed gate left on the host
        try {
            outcomes.addAll(execute(queue, spec, journaled, slots, cutShort));
        } finally {
            slots.releaseAll();
        }
        Optional<MoveGate.Closed> closed = queue.isEmpty() ? Optional.empty() : gate.closed();
        closed.ifPresent(c -> queue.drain().forEach(p -> {
            outcomes.add(stayed(p.vm(), p.workflow(), "not started: " + c.reason(), 0));
            cutShort.add(p.vm());
        }));
        outcomes.forEach(o -> { if (o.result() != VmMoveOutcome.Result.MOVED) journaled.moveEnded(o); });
        outcomes.addAll(0, earlier.outcomes()); // told and journaled as they ended
        int exit = exitCode(outcomes);
        Optional<MoveGate.Closed> leftOpen = cutShort.isEmpty() ? Optional.empty() : gate.closed().filter(MoveGate.Closed::leaveOpen);
        if (leftOpen.isPresent()) {
            record.leaveOpen(leftOpen.get().reason() + "; not moved: " + cutShort);
            return new EvacuationResult(Optional.of(plan), outcomes, exit, Optional.empty(), Optional.of(record.id()), true);
        }
        record.finish(exit, outcomes);
        return new EvacuationResult(Optional.of(plan), outcomes, exit, Optional.empty(), Optional.of(record.id()), false);
    }

    /** Every event told to {@code progress}; each VM's outcome and each run's start also journaled in the evacuation's record. */
    private static EvacuationProgress journaled(EvacuationRecord record, EvacuationProgress progress) {
        return EvacuationProgress.both(new EvacuationProgress() {
            public void runStarted(String vm, String destination, String runId) { record.runStarted(vm, destination, runId); }
            public void moveEnded(VmMoveOutcome o) { record.outcome(o); }
        }, progress);
    }

    /** {@code cutShort} hears each VM whose run did not move it once the gate was closed: it stays, not placed again. */
    private List<VmMoveOutcome> execute(MoveQueue queue, EvacuationRequestSpec spec, EvacuationProgress progress, EvacuationSlots slots,
                                        Set<String> cutShort) {
        List<VmMoveOutcome> outcomes = new ArrayList<>();
        Map<String, Integer> incoming = new HashMap<>();
        Map<String, Integer> tries = new HashMap<>();
        Map<String, Duration> took = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(spec.parallel());
        VmMoveRun moves = new VmMoveRun(s, runs, observer, controls);
        ExecutorCompletionService<VmMoveRun.Move> done = new ExecutorCompletionService<>(pool);
        MoveQueue.Unplaced unplaced = (vm, why) -> outcomes.add(stayed(vm, "-", why, tries.getOrDefault(vm, 0)));
        int running = 0;
        try {
            while (true) {
                slots.newRound();
                Optional<Placement> next = running < spec.parallel() && gate.closed().isEmpty()
                        ? queue.next(p -> incoming.getOrDefault(p.destination(), 0) < spec.maxPerDestination() && slots.take(p), unplaced, progress)
                        : Optional.empty();
                if (next.isPresent()) {
                    Placement p = next.get();
                    queue.commit(p);
                    incoming.merge(p.destination(), 1, Integer::sum);
                    int attempt = tries.merge(p.vm(), 1, Integer::sum);
                    progress.moveStarted(p.vm(), p.destination(), p.workflow(), attempt);
                    done.submit(() -> moves.run(p, progress));
                    running++;
                    continue;
                }
                boolean waiting = slots.refusedThisRound(); // never once the gate closed: no slot is asked for then
                if (running == 0 && !waiting) break;
                // a move that waits for a slot other coordinators' moves hold asks again soon
                Optional<VmMoveRun.Move> ended = ended(done, running, waiting);
                if (ended.isEmpty()) continue;
                VmMoveRun.Move m = ended.get();
                running--;
                slots.release(m.placement().vm());
                incoming.merge(m.placement().destination(), -1, Integer::sum);
                took.merge(m.placement().vm(), m.took(), Duration::plus);
                Optional<VmMoveOutcome> end = settle(m, queue, tries.get(m.placement().vm()), took.get(m.placement().vm()), unplaced, progress,
                        cutShort);
                end.ifPresent(o -> {
                    outcomes.add(o);
                    if (o.result() == VmMoveOutcome.Result.MOVED) progress.moveEnded(o);
                });
            }
        } finally {
            pool.shutdown();
        }
        return outcomes;
    }

    /**
     * The next move that ended: waits for it, or, while a move waits for a slot, at most {@link MoveSlotWait#RECHECK}
     * (on the clock's sleeper when none runs). Empty when none ended meanwhile.
     */
    private Optional<VmMoveRun.Move> ended(ExecutorCompletionService<VmMoveRun.Move> done, int running, boolean recheck) {
        if (running == 0) {
            s.poll().sleep(MoveSlotWait.RECHECK, "a move slot");
            return Optional.empty();
        }
        try {
            Future<VmMoveRun.Move> f = recheck ? done.poll(MoveSlotWait.RECHECK.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) : done.take();
            return f == null ? Optional.empty() : Optional.of(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while VMs were moving: check `vfmigrate runs`", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a move failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    /** The VM's final outcome, or empty when it will try another destination; {@code cutShort} hears a VM the closed gate keeps. */
    private Optional<VmMoveOutcome> settle(VmMoveRun.Move m, MoveQueue queue, int tries, Duration took, MoveQueue.Unplaced unplaced,
                                           EvacuationProgress progress, Set<String> cutShort) {
        Placement p = m.placement();
        if (m.exitCode() == ExitCode.DONE) {
            breakers.succeeded(p.destination());
            return Optional.of(new VmMoveOutcome(p.vm(), Optional.of(p.destination()), p.workflow(), VmMoveOutcome.Result.MOVED,
                    "moved" + m.notes(), m.runId(), m.exitCode(), tries, took));
        }
        boolean stopped = controls.stopRequested().getAsBoolean();
        if (!stopped) failed(p, m, progress); // a run the operator stopped (or that never started) says nothing of its destination
        if (m.exitCode() == ExitCode.NEEDS_OPERATOR) {
            return Optional.of(new VmMoveOutcome(p.vm(), Optional.of(p.destination()), p.workflow(), VmMoveOutcome.Result.NEEDS_OPERATOR,
                    m.detail(), m.runId(), m.exitCode(), tries, took));
        }
        String why = "run towards " + p.destination() + " failed (exit " + m.exitCode() + "): " + m.detail();
        Optional<MoveGate.Closed> closed = gate.closed();
        if (closed.isPresent()) {
            // no move starts once the gate is closed, so none is placed: the VM stays (an evacuation left open places it on resume)
            cutShort.add(p.vm());
            String detail = stopped ? closed.get().reason() + ": its run towards " + p.destination() + " ended with exit " + m.exitCode()
                    + " (" + m.detail() + ")" : why + "; not placed again: " + closed.get().reason();
            return Optional.of(new VmMoveOutcome(p.vm(), Optional.empty(), p.workflow(), VmMoveOutcome.Result.STAYED, detail, m.runId(),
                    m.exitCode(), tries, took));
        }
        if (tries >= MAX_TRIES) {
            return Optional.of(new VmMoveOutcome(p.vm(), Optional.empty(), p.workflow(), VmMoveOutcome.Result.STAYED,
                    why + "; no more tries (" + MAX_TRIES + ")", m.runId(), m.exitCode(), tries, took));
        }
        // placed again (a next run), or told through unplaced that it stays
        queue.retry(p, (vm, reason) -> unplaced.stays(vm, why + "; " + reason), progress);
        return Optional.empty();
    }

    /** A run that did not move its VM counts against its destination's breaker; told when that opens it. */
    private void failed(Placement p, VmMoveRun.Move m, EvacuationProgress progress) {
        boolean wasClosed = breakers.allows(p.destination());
        breakers.failed(p.destination());
        if (wasClosed && !breakers.allows(p.destination())) {
            progress.breakerOpened(p.destination(), "run " + m.runId().orElse("-") + " of " + p.vm() + " failed (exit " + m.exitCode() + ")");
        }
    }

    private static VmMoveOutcome stayed(String vm, String workflow, String why, int tries) {
        return new VmMoveOutcome(vm, Optional.empty(), workflow, VmMoveOutcome.Result.STAYED, why, Optional.empty(),
                ExitCode.FAILED_COMPENSATED, tries, Duration.ZERO);
    }

    /** 0 when every VM left; 3 when a run needs an operator; else 1 (some stayed, healthy on the source). */
    static int exitCode(List<VmMoveOutcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.result() == VmMoveOutcome.Result.NEEDS_OPERATOR)) return ExitCode.NEEDS_OPERATOR;
        if (outcomes.stream().anyMatch(o -> o.result() == VmMoveOutcome.Result.STAYED)) return ExitCode.FAILED_COMPENSATED;
        return ExitCode.DONE;
    }

}
