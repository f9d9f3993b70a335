package io.vfmigrate.cli;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.model.Printable;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An evacuation's status lines on a terminal, one per VM on the move: VM, destination, current step
 * and, in the migrate step, its progress bar (that never runs backwards). The event lines scroll above
 * them ({@link EvacuationReport} on the terminal's writer); {@code show} puts the lines up (JLine's Status).
 */
final class EvacuationStatus implements EvacuationProgress {
    static final int BAR_WIDTH = 20;

    private final Consumer<List<String>> show;
    private final Map<String, Moving> moving = new LinkedHashMap<>();

    private static final class Moving {
        final String destination;
        final ProgressLine figures = new ProgressLine();
        String step = "starting";
        String bar = "";

        Moving(String destination) { this.destination = destination; }
    }

    EvacuationStatus(Consumer<List<String>> show) { this.show = show; }

    @Override public synchronized void moveStarted(String vm, String destination, String workflow, int attempt) {
        moving.put(vm, new Moving(destination));
        redraw();
    }

    @Override public synchronized void stepStarted(String vm, String destination, int index, String type) {
        Moving m = moving.get(vm);
        if (m == null) return;
        m.step = "step " + (index + 1) + " " + type;
        m.bar = "";
        redraw();
    }

    @Override public synchronized void moveEnded(VmMoveOutcome outcome) {
        if (moving.remove(outcome.vm()) != null) redraw();
    }

    @Override public RunWatch watch(String vm, String destination) {
        RunListener ends = new RunListener() {
            @Override public void stateChanged(RunRecord run, RunState from, RunState to) {
                if (to.isTerminal() || to == RunState.NEEDS_OPERATOR) ended(vm);
            }
        };
        return new RunWatch(ends, new MigrationObserver() {
            @Override public void progress(MigrationProgress p, Duration allowedDowntime) { migrating(vm, p); }
        });
    }

    /** The VM's run ended (its line goes; a VM placed again gets a new one when its next run starts). */
    private synchronized void ended(String vm) {
        if (moving.remove(vm) != null) redraw();
    }

    private synchronized void migrating(String vm, MigrationProgress p) {
        Moving m = moving.get(vm);
        if (m == null) return;
        m.bar = m.figures.bar(p, BAR_WIDTH);
        redraw();
    }

    /** The lines shown now, one per VM on the move, in the order they started. */
    synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        moving.forEach((vm, m) -> lines.add(Printable.clean(vm + " -> " + m.destination + ": " + m.step
                + (m.bar.isEmpty() ? "" : " " + m.bar))));
        return lines;
    }

    private void redraw() { show.accept(lines()); }
}
