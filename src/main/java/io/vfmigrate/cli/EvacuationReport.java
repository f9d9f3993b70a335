package io.vfmigrate.cli;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.model.Durations;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.workflow.RunListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evacuation's live progress (one line per VM event; with progress lines, for output that is not a
 * terminal, each migration's figures once a second) and its summary table.
 */
public final class EvacuationReport implements EvacuationProgress {
    private final PrintWriter out;
    private final boolean progressLines;

    EvacuationReport(PrintWriter out) { this(out, false); }

    EvacuationReport(PrintWriter out, boolean progressLines) {
        this.out = out;
        this.progressLines = progressLines;
    }

    public void started(String evacuationId, EvacuationPlan plan, boolean resumed) {
        // a maintenance's moves back: every move goes into the plan's host
        boolean back = !plan.moves().isEmpty() && plan.moves().stream().allMatch(m -> m.placement().destination().equals(plan.host()));
        line("evacuation " + evacuationId + (resumed ? " resumed" : " started") + ": " + plan.moves().size()
                + (back ? " VM(s) to move back into " : " VM(s) to move off ") + plan.host());
    }

    public void resumingRun(String evacuationId, String vm, String destination, String runId) {
        line("evacuation " + evacuationId + ": " + vm + " -> " + destination + ": resuming its run " + runId + ", left open by the previous coordinator");
    }

    public void moveStarted(String vm, String destination, String workflow, int attempt) {
        line(vm + " -> " + destination + ": started with " + workflow + (attempt > 1 ? " (try " + attempt + ")" : ""));
    }

    public void stepStarted(String vm, String destination, int index, String type) {
        line(vm + " -> " + destination + ": step " + (index + 1) + " " + type);
    }

    public void stepEnded(String vm, String destination, int index, String type, Duration took, boolean ok) {
        line(vm + " -> " + destination + ": step " + (index + 1) + " " + type + (ok ? " done in " + Durations.format(took) : " FAILED"));
    }

    public void replaced(String vm, String from, String to, String why) {
        line(vm + ": placed again on " + to + " instead of " + from + " (" + why + ")");
    }

    public void breakerOpened(String destination, String why) {
        line("breaker opened for " + destination + ": no more VMs go there (" + why + ")");
    }

    public RunWatch watch(String vm, String destination) {
        if (!progressLines) return RunWatch.NONE;
        ProgressLine figures = new ProgressLine();
        return new RunWatch(RunListener.NONE, new MigrationObserver() {
            @Override public void progress(MigrationProgress p, Duration allowedDowntime) {
                line(vm + " -> " + destination + ": migrating " + String.format(java.util.Locale.ROOT, "%3d%% ",
                        Math.round(figures.fraction(p) * 100)) + figures.text(p, allowedDowntime));
            }
        });
    }

    public void waiting(String vm, String destination, String why) {
        line(vm + " -> " + destination + ": waits for a move slot (" + why + ")");
    }

    public void moveEnded(VmMoveOutcome o) {
        line(o.vm() + ": " + o.result().label() + o.destination().map(d -> " to " + d).orElse("") + " (" + o.detail() + ")");
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }

    public static void summary(PrintWriter out, List<VmMoveOutcome> outcomes) {
        out.printf("%-16s %-12s %-13s %-14s %9s %4s %5s  %s%n", "VM", "DESTINATION", "WORKFLOW", "RESULT", "DURATION", "EXIT", "TRIES", "RUN / DETAIL");
        for (VmMoveOutcome o : outcomes) {
            out.printf("%-16s %-12s %-13s %-14s %9s %4d %5d  %s%n", o.vm(), o.destination().orElse("-"), o.workflow(), o.result().label(),
                    Durations.format(o.took()), o.exitCode(), o.tries(), o.runId().map(r -> r + " ").orElse("") + o.detail());
        }
    }

    public static List<Map<String, Object>> json(List<VmMoveOutcome> outcomes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (VmMoveOutcome o : outcomes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vm", o.vm());
            m.put("destination", o.destination().orElse(null));
            m.put("workflow", o.workflow());
            m.put("result", o.result().label());
            m.put("detail", o.detail());
            m.put("run", o.runId().orElse(null));
            m.put("exit-code", o.exitCode());
            m.put("tries", o.tries());
            m.put("duration-ms", o.took().toMillis());
            out.add(m);
        }
        return out;
    }
}
