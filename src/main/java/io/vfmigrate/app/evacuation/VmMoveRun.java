package io.vfmigrate.app.evacuation;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.Plan;
import io.vfmigrate.app.RunContradicted;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.VmRuns;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.planning.EvacuationRequest;
import io.vfmigrate.planning.Placement;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One VM's move within an evacuation: an ordinary run ({@link VmRuns#migrate}) to its placement's destination,
 * with the plan's destination VFs, its step events told to the evacuation's progress, and the operator's
 * controls (policy, signals) plus the progress's own watch of the migration job.
 */
final class VmMoveRun {
    private final Services s;
    private final VmRuns runs;
    private final RunListener observer;
    private final RunControls controls;

    VmMoveRun(Services services, VmRuns runs, RunListener observer, RunControls controls) {
        this.s = services;
        this.runs = runs;
        this.observer = observer;
        this.controls = controls;
    }

    /** {@code notes}: "; free-vf:...: the plan's VF ... was taken meanwhile ..." when the run chose another VF than planned. */
    record Move(Placement placement, int exitCode, String detail, Optional<String> runId, Duration took, String notes) {}

    /** Runs the move as an ordinary run; what came of it (never throws: a refusal is a value). */
    Move run(Placement p, EvacuationProgress progress) {
        Instant start = s.clock().instant();
        if (controls.stopRequested().getAsBoolean()) {
            return new Move(p, ExitCode.FAILED_COMPENSATED, "not started: stopped by " + controls.stopRequested().by(), Optional.empty(), Duration.ZERO, "");
        }
        EvacuationProgress.RunWatch watch = progress.watch(p.vm(), p.destination());
        RunControls moveControls = controls(watch);
        RunListener steps = steps(p.vm(), p.destination(), progress);
        try {
            // the placement chose the outage workflow only for a VF in no bond under --allow-outage
            boolean outageAccepted = p.workflow().equals(EvacuationRequest.OUTAGE_WORKFLOW);
            MigrationResult r = runs.migrate(new MigrateRequest(p.vm(), Optional.of(p.source()), p.destination(),
                    p.workflow(), false, outageAccepted, plannedVfs(p), true), List.of(steps, observer, watch.listener()), moveControls);
            String detail = r.refusal().orElseGet(() -> r.plan().preflight().stream().filter(c -> !c.ok()).findFirst()
                    .map(c -> "preflight " + c.check() + ": " + c.detail())
                    .orElseGet(() -> r.outcome().map(o -> o.state().toString()).orElse("")));
            return new Move(p, r.exitCode(), detail, r.outcome().map(o -> o.run().id()), Duration.between(start, s.clock().instant()),
                    plannedVfNotes(r.plan()));
        } catch (RuntimeException e) {
            // nothing of this VM's run was journaled: MigrateVm refuses before it changes anything
            return new Move(p, ExitCode.REFUSED, String.valueOf(e.getMessage()), Optional.empty(), Duration.between(start, s.clock().instant()), "");
        }
    }

    /**
     * Goes on with a run of this evacuation that a dead coordinator left open ({@link VmRuns#resume}), heard
     * like a move of its own; what came of it (never throws: a refusal is a value).
     */
    Resumed resume(RunRecord run, EvacuationProgress progress) {
        Instant start = s.clock().instant();
        EvacuationProgress.RunWatch watch = progress.watch(run.vm(), run.destination());
        try {
            awaitOwnLease(run);
            var o = runs.resume(run.id(), List.of(steps(run.vm(), run.destination(), progress), observer, watch.listener()),
                    controls(watch));
            return new Resumed(run, o.state(), o.state().toString(), Duration.between(start, s.clock().instant()));
        } catch (RunContradicted refused) {
            return new Resumed(run, RunState.NEEDS_OPERATOR, "resume refused: " + refused.getMessage(),
                    Duration.between(start, s.clock().instant()));
        } catch (RuntimeException e) {
            // still held by a live coordinator (resumed by hand meanwhile), or its hosts do not answer: left as it is
            return new Resumed(run, RunState.NEEDS_OPERATOR, "not resumed: " + e.getMessage(),
                    Duration.between(start, s.clock().instant()));
        }
    }

    /**
     * The run's own lease, renewed by a coordinator on another machine until it died (with the evacuation's lease, so
     * within a lease's time of it): waited for until it expires, rather than leaving the VM to an operator.
     */
    private void awaitOwnLease(RunRecord run) {
        var now = s.clock().instant();
        s.leases().holder(Leases.vmKey(run.vm()))
                .filter(h -> h.runId().equals(run.id()) && !s.deadHolders().isDead(h) && h.expires().isAfter(now))
                .ifPresent(h -> s.poll().sleep(Duration.between(now, h.expires()).plusMillis(200), "the lease of run " + run.id() + " to expire"));
    }

    /** {@code state}: the run's state after the resume (NEEDS_OPERATOR too when it was not resumed). */
    record Resumed(RunRecord run, RunState state, String detail, Duration took) {}

    private RunControls controls(EvacuationProgress.RunWatch watch) {
        return new RunControls(controls.beforeWorkflow(), controls.afterWorkflow(),
                MigrationObserver.of(List.of(controls.observer(), watch.observer())), controls.stopRequested());
    }

    /** The run's start (its id, for the evacuation's record) and its steps, told to the evacuation's progress. */
    private static RunListener steps(String vm, String destination, EvacuationProgress progress) {
        return new RunListener() {
            @Override public void stateChanged(RunRecord run, RunState from, RunState to) {
                if (from == RunState.PENDING && to == RunState.RUNNING) {
                    progress.runStarted(vm, destination, run.id());
                }
            }

            @Override public void stepStarted(RunRecord run, int index, String type) { progress.stepStarted(vm, destination, index, type); }

            @Override public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
                progress.stepEnded(vm, destination, index, type, took, true);
            }

            @Override public void stepFailed(RunRecord run, int index, String type, Failure failure, Map<String, String> facts) {
                progress.stepEnded(vm, destination, index, type, Duration.ZERO, false);
            }
        };
    }

    /** The destination VF the plan promised to each of the VM's VFs, by source VF id. */
    static Map<String, String> plannedVfs(Placement p) {
        Map<String, String> planned = new HashMap<>();
        p.vfs().forEach(v -> v.destinationVf().ifPresent(d -> planned.put(v.sourceVf(), d.id())));
        return planned;
    }

    /** "; the plan's VF evf1 was taken meanwhile: ..." for each VF the run could not take as planned. */
    private static String plannedVfNotes(Plan plan) {
        StringBuilder notes = new StringBuilder();
        plan.preflight().stream().filter(c -> c.check().startsWith("free-vf") && c.detail().contains("was taken meanwhile"))
                .forEach(c -> notes.append("; ").append(c.check()).append(": ").append(c.detail()));
        return notes.toString();
    }
}
