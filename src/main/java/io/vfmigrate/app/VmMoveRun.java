package io.vfmigrate.app;

import io.vfmigrate.model.RunRecord;
import io.vfmigrate.planning.Placement;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One VM's move within an evacuation: an ordinary run ({@link MigrateVm}) to its placement's destination,
 * with the plan's destination VFs, its step events told to the evacuation's progress, and the operator's
 * controls (policy, signals) plus the progress's own watch of the migration job.
 */
final class VmMoveRun {
    private final Services s;
    private final RunListener observer;
    private final RunControls controls;

    VmMoveRun(Services services, RunListener observer, RunControls controls) {
        this.s = services;
        this.observer = observer;
        this.controls = controls;
    }

    /** {@code notes}: "; free-vf:...: the plan's VF ... was taken meanwhile ..." when the run chose another VF than planned. */
    record Move(Placement placement, int exitCode, String detail, Optional<String> runId, Duration took, String notes) {}

    /** Runs the move as an ordinary run; what came of it (never throws: a refusal is a value). */
    Move run(Placement p, EvacuationProgress progress) {
        Instant start = s.clock().instant();
        if (controls.stopRequested().getAsBoolean()) {
            return new Move(p, ExitCode.FAILED_COMPENSATED, "not started: stopped by a signal", Optional.empty(), Duration.ZERO, "");
        }
        EvacuationProgress.RunWatch watch = progress.watch(p.vm(), p.destination());
        RunControls moveControls = new RunControls(controls.beforeWorkflow(),
                controls.afterWorkflow(), io.vfmigrate.ports.MigrationObserver.of(List.of(controls.observer(), watch.observer())),
                controls.stopRequested());
        RunListener steps = new RunListener() {
            @Override public void stepStarted(RunRecord run, int index, String type) { progress.stepStarted(p.vm(), p.destination(), index, type); }

            @Override public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
                progress.stepEnded(p.vm(), p.destination(), index, type, took, true);
            }

            @Override public void stepFailed(RunRecord run, int index, String type, io.vfmigrate.model.Failure failure, Map<String, String> facts) {
                progress.stepEnded(p.vm(), p.destination(), index, type, Duration.ZERO, false);
            }
        };
        try {
            // the placement chose the outage workflow only for a VF in no bond under --allow-outage
            boolean outageAccepted = p.workflow().equals(io.vfmigrate.planning.EvacuationRequest.OUTAGE_WORKFLOW);
            MigrationResult r = new MigrateVm(s).run(new io.vfmigrate.app.MigrateRequest(p.vm(), Optional.of(p.source()), p.destination(),
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
