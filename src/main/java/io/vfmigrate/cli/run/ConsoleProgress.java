package io.vfmigrate.cli.run;

import static io.vfmigrate.model.Printable.clean;

import io.vfmigrate.cli.ProgressLine;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.workflow.RunListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Prints each step of a run as it happens, with its duration; failure texts (guest and host output)
 * escaped. With progress lines (output that is not a terminal), the migration's figures once a second
 * on their own lines, and the step's line then printed whole again at its end ("step N TYPE ... ok").
 */
final class ConsoleProgress implements RunListener, MigrationObserver {
    private final PrintWriter out;
    private final boolean progressLines;
    private final ProgressLine line = new ProgressLine();
    private int index;
    private String type = "";
    private boolean broken;

    ConsoleProgress(PrintWriter out) { this(out, false); }

    ConsoleProgress(PrintWriter out, boolean progressLines) {
        this.out = out;
        this.progressLines = progressLines;
    }

    @Override public synchronized void progress(MigrationProgress p, Duration allowedDowntime) {
        if (!progressLines) return;
        out.printf("%n    migrating: %3d%% %s", Math.round(line.fraction(p) * 100), line.text(p, allowedDowntime));
        out.flush();
        broken = true;
    }

    /** After progress lines, the step's line again, so that each step's outcome is on its own line. */
    private void restartLine() {
        if (!broken) return;
        broken = false;
        out.printf("%n  step %d %-28s ...", index + 1, type);
    }

    public void preflightWarnings(RunRecord run, java.util.List<String> warnings) {
        for (String w : warnings) out.printf("warning: %s%n", clean(w));
        out.flush();
    }

    public void stateChanged(RunRecord run, RunState from, RunState to) {
        out.printf("run %s: %s -> %s%n", clean(run.id()), from, to);
        out.flush();
    }

    public synchronized void stepStarted(RunRecord run, int i, String type) {
        this.index = i;
        this.type = type;
        out.printf("  step %d %-28s ...", i + 1, type);
        out.flush();
    }

    public synchronized void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
        restartLine();
        out.printf(" ok (%d ms)%n", took.toMillis());
        out.flush();
    }

    public synchronized void stepFailed(RunRecord run, int i, String type, Failure failure, Map<String, String> facts) {
        restartLine();
        out.printf(" FAILED: %s%n", clean(failure.message()));
        out.flush();
    }

    public void compensationSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
        out.printf("  undo %d %-28s ok (%d ms)%n", i + 1, type, took.toMillis());
        out.flush();
    }

    public void compensationFailed(RunRecord run, int i, String type, Failure failure, Map<String, String> facts) {
        out.printf("  undo %d %-28s FAILED: %s%n", i + 1, type, clean(failure.message()));
        out.flush();
    }

    public void recovering(RunRecord run, int i, String type, int attempt, Duration delay, Failure cause) {
        out.printf("  recovering step %d %s (attempt %d, after %d ms): %s%n", i + 1, type, attempt, delay.toMillis(), clean(cause.message()));
        out.flush();
    }

    public void needsOperator(RunRecord run, List<String> leftovers, Map<String, String> facts) {
        out.printf("run %s NEEDS AN OPERATOR. What is left:%n", clean(run.id()));
        leftovers.forEach(l -> out.printf("  - %s%n", clean(l)));
        out.flush();
    }
}
