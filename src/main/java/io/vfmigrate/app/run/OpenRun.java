package io.vfmigrate.app.run;

import io.vfmigrate.app.LeaseKeeper;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.RunContradicted;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.Engine;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import io.vfmigrate.workflow.RunProgress;
import io.vfmigrate.workflow.SettledCopies;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.VmCopies;
import io.vfmigrate.workflow.WorkflowDefinition;
import io.vfmigrate.workflow.steps.GuestNics;
import io.vfmigrate.workflow.steps.Migrate;
import io.vfmigrate.workflow.steps.StepTypes;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The `resume` and `rollback` use cases: a run left open (by a dead coordinator, or needing an
 * operator) is rebuilt from the journal and taken over once its lease has expired (at once when its
 * coordinator's process on this host is gone). Everything that can refuse is checked before the
 * lease is taken, and a refusal after it releases the lease again: so does the re-check of the steps
 * it would skip or undo against the real state (issue 8, item 3), which reads the hosts under the
 * lease and refuses before the first journal write or change when they contradict the journal.
 */
public final class OpenRun {
    private final Services s;

    public OpenRun(Services services) { this.s = services; }

    /**
     * Goes on with the run, after checking the hosts: a VM already healthy on the destination is done
     * (verified, nothing applied); one healthy on the source after the migration (moved back by hand)
     * closes the run without touching it. Otherwise each step it skips is re-checked against the real
     * state first, and a contradiction refuses the resume before any change ({@link RunContradicted}).
     */
    public RunOutcome resume(String runId, List<RunListener> listeners) { return resume(runId, listeners, RunControls.NONE); }

    /**
     * With the operator's controls, as `migrate` has them: whoever watches a migration job, and whether a
     * signal asked the run to stop (before the migration it then compensates, after it it goes on).
     */
    public RunOutcome resume(String runId, List<RunListener> listeners, RunControls controls) {
        return takeOver(runId, listeners, controls, r -> {
            List<String> settled = settleCopies(r);
            findGuestNicsAgain(r);
            if (r.progress().record().state() == RunState.COMPENSATING) {
                refuseContradicted(r, "resume", r.replay().registered(), settled);
                return engine -> engine.compensateAll(r.progress(), r.ctx());
            }
            if (healthyOn(r, r.ctx().destination())) {
                r.progress().skipToEnd();
            } else if (r.progress().migrated() && healthyOn(r, r.ctx().source())) {
                return engine -> engine.close(r.progress(), r.ctx(), r.ctx().vm() + " is healthy on " + r.ctx().source().name()
                        + ", where the run started, though the run had migrated it: closed without acting");
            } else {
                List<Integer> reverted = refuseContradicted(r, "resume", r.replay().skipped(r.progress().steps().size()), settled);
                if (!reverted.isEmpty()) r.progress().applyAgainFrom(reverted.get(0));
            }
            return engine -> engine.execute(r.progress(), r.ctx(), r.workflow().recovery());
        });
    }

    /**
     * Undoes the run, after checking the hosts: a VM already healthy on the source has nothing to undo.
     * Otherwise each step whose undo is registered is re-checked against the real state first, and a
     * contradiction refuses the rollback before any change ({@link RunContradicted}).
     */
    public RunOutcome rollback(String runId, List<RunListener> listeners) { return rollback(runId, listeners, RunControls.NONE); }

    /** With the operator's controls: whoever watches a migration back, and whether a stop was asked (it aborts that migration). */
    public RunOutcome rollback(String runId, List<RunListener> listeners, RunControls controls) {
        return takeOver(runId, listeners, controls, r -> {
            List<String> settled = settleCopies(r);
            findGuestNicsAgain(r);
            if (healthyOn(r, r.ctx().source())) {
                r.progress().forgetUndos();
            } else {
                refuseContradicted(r, "rollback", r.replay().registered(), settled);
            }
            return engine -> engine.compensateAll(r.progress(), r.ctx());
        });
    }

    /**
     * Throws {@link RunContradicted} when the real state contradicts any of {@code steps} that the journal calls done;
     * else the newest of them that the real state shows reverted (see {@link JournalAgreement.Result}), oldest first.
     */
    private static List<Integer> refuseContradicted(Rebuilt r, String command, List<Integer> steps, List<String> settled) {
        var found = JournalAgreement.check(r.replay(), r.progress().steps(), r.ctx(), steps);
        if (!found.disagreements().isEmpty()) throw new RunContradicted(r.ctx().runId(), r.ctx().vm(), command,
                found.disagreements().stream().map(JournalAgreement.Disagreement::describe).toList(), settled);
        return found.reverted();
    }

    /**
     * The guest's NICs by MAC and role, in case the guest numbered them anew since the journal was written (a reboot):
     * the checks and the steps then ask the guest about the right ones. Left to the checks when the guest cannot tell.
     */
    private static void findGuestNicsAgain(Rebuilt r) {
        try {
            List<String> found = GuestNics.reidentify(r.ctx());
            if (!found.isEmpty()) {
                org.slf4j.LoggerFactory.getLogger(OpenRun.class).warn("run {}: guest {} numbered its NICs anew (rebooted?): {}", r.ctx().runId(),
                        r.ctx().vm(), found);
            }
        } catch (FailureException e) {
            org.slf4j.LoggerFactory.getLogger(OpenRun.class).info("run {}: cannot read the NICs of guest {} now: {}", r.ctx().runId(),
                    r.ctx().vm(), e.failure().message());
        }
    }

    /**
     * Before acting on a run taken over: the copy of the VM that is authoritative (running; both paused:
     * the destination's if the migration completed) is resumed if paused and the other removed, so that
     * no step or undo talks to a paused guest. Left to the steps when the hosts cannot tell. Returns what it did.
     */
    private static List<String> settleCopies(Rebuilt r) {
        boolean undefineSource = r.progress().steps().stream()
                .anyMatch(st -> st instanceof Migrate m && m.undefineSource());
        try {
            var done = SettledCopies.settle(r.ctx(), VmCopies.read(r.ctx()), undefineSource && r.progress().migrated());
            if (!done.isEmpty()) org.slf4j.LoggerFactory.getLogger(OpenRun.class).warn("run {}: {}", r.ctx().runId(), done);
            return done;
        } catch (FailureException e) {
            org.slf4j.LoggerFactory.getLogger(OpenRun.class).info("run {}: cannot settle the copies of {} now: {}", r.ctx().runId(),
                    r.ctx().vm(), e.failure().message());
            return List.of();
        }
    }

    /** The VM runs healthy on {@code host} only, as the run's facts describe it: the run's whole goal (or its undo) is reached. */
    private static boolean healthyOn(Rebuilt r, Host host) {
        try {
            java.util.List<String> problems = new EndStateVerifier().problemsOn(r.ctx(), host, r.progress().steps());
            if (!problems.isEmpty()) org.slf4j.LoggerFactory.getLogger(OpenRun.class).info("{} is not healthy on {}: {}", r.ctx().vm(), host.name(), problems);
            return problems.isEmpty();
        } catch (FailureException e) {
            return false;
        }
    }

    record Rebuilt(RunProgress progress, RunContext ctx, WorkflowDefinition workflow, RunReplay replay) {}

    /** What a run needs that does not come from its journal entries: checked before any lease is taken. */
    private record Prepared(RunRecord record, WorkflowDefinition workflow, List<Step> steps, Host source, Host destination) {}

    /**
     * Takes the run over and acts: {@code decide} reads the hosts and returns what the engine does, or
     * throws to refuse; until it returned, nothing was written and a refusal releases the lease again.
     */
    private RunOutcome takeOver(String runId, List<RunListener> listeners, RunControls controls,
                                Function<Rebuilt, Function<Engine, RunOutcome>> decide) {
        Prepared prepared = prepare(openRecord(runId));
        String key = Leases.vmKey(prepared.record().vm());
        Optional<Leases.Holder> holder = s.claim(key, runId);
        if (holder.isPresent()) {
            throw new ConfigException("run " + runId + " is still alive: " + holder.get().describe() + "; retry once that lease expired");
        }
        Leases.Fence fence = s.leases().fence(key, runId, s.coordinator())
                .orElseThrow(() -> new ConfigException("run " + runId + " was taken over by another coordinator at once; see `vfmigrate runs`"));
        boolean started = false;
        try {
            // read after the lease is ours: the previous coordinator may have written up to its take-over
            Rebuilt rebuilt = rebuild(openRecord(runId), prepared, controls);
            Function<Engine, RunOutcome> action;
            try (LeaseKeeper keeper = new LeaseKeeper(s.leases(), fence, s.leaseTtl())) {
                action = decide.apply(rebuilt);   // reads the hosts (settles the VM's copies), may refuse
            }
            rebuilt.ctx().vfs().forEach(v -> v.destinationVf().ifPresent(rebuilt.ctx().reservations()::reserve));
            started = true;
            RunOutcome outcome = RunExecution.run(s, fence, listeners, action);
            // what an earlier coordinator left behind is no longer the news: the run's report checks again
            if (!outcome.state().isOpen()) LeftBehind.journal(s, rebuilt.ctx());
            return outcome;
        } finally {
            if (!started) s.leases().release(fence);
        }
    }

    private RunRecord openRecord(String runId) {
        RunRecord record = s.journal().find(runId).orElseThrow(() -> new ConfigException("no run '" + runId + "' in the journal"));
        if (!record.state().isOpen()) throw new ConfigException("run " + runId + " is " + record.state() + ": nothing to resume or roll back");
        if (ParentRuns.isRolling(record)) {
            throw new ConfigException("run " + runId + " is a rolling maintenance: `vfmigrate resume " + runId + "` goes on with it, `vfmigrate close "
                    + runId + "` gives it up (its hosts in maintenance stay there); it is not rolled back");
        }
        if (ParentRuns.isEvacuation(record)) {
            throw new ConfigException("run " + runId + " is an evacuation: `vfmigrate resume " + runId + "` goes on with it; its VMs' runs,"
                    + " listed by `vfmigrate show " + runId + "`, are resumed or rolled back one by one");
        }
        return record;
    }

    private Prepared prepare(RunRecord record) {
        String text = record.params().get("workflow.text");
        WorkflowDefinition workflow = text != null ? s.workflows().parse("journaled workflow of run " + record.id(), text)
                : s.workflows().load(record.workflow());
        List<Step> steps = StepTypes.build(workflow.steps());
        Host source = s.connector().connect(s.inventory().host(record.source()));
        Host destination = s.connector().connect(s.inventory().host(record.destination()));
        return new Prepared(record, workflow, steps, source, destination);
    }

    private Rebuilt rebuild(RunRecord record, Prepared p, RunControls controls) {
        RunReplay replay = new RunReplay(s.journal().entries(record.id()));
        RunContext ctx = new RunContext(record.id(), record.vm(), p.source(), p.destination(), replay.facts(), s.poll(),
                new LeaseReservations(s, record.id()), s.guestTimeout(),
                MigrateVm.withInventoryLayers(s, controls, s.inventory().host(record.destination())));
        return new Rebuilt(replay.progress(record, p.steps()), ctx, p.workflow(), replay);
    }
}
