package io.vfmigrate.cli;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.workflow.RunListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

/**
 * On a terminal: the step lines scroll above a status line (JLine's Status) that shows the current
 * step and, during the migrate step, its progress bar and figures. Closed at the end of the run.
 * The status keeps one height from start to end (blank lines pad it): JLine's Status overwrites the
 * last lines printed above it when it grows.
 */
public final class TerminalProgress implements RunListener, MigrationObserver, AutoCloseable {
    private final Terminal terminal;
    private final Status status;
    private final ProgressLine line = new ProgressLine();
    private final int height;
    private volatile String step = "";

    private TerminalProgress(Terminal terminal, int height) {
        this.terminal = terminal;
        this.status = Status.getStatus(terminal);
        this.height = height;
        show(List.of());
    }

    /** The system terminal when stdin and stdout are one (else the caller prints plain lines), with a status of a run's two lines. */
    public static java.util.Optional<TerminalProgress> open() { return open(2); }

    /** With a status of {@code height} lines (an evacuation: one per VM moving at once). */
    public static java.util.Optional<TerminalProgress> open(int height) {
        if (System.console() == null) return java.util.Optional.empty();
        try {
            // nativeSignals(false): JLine must not take SIGINT from RunSignals (it would put the default action back)
            Terminal t = TerminalBuilder.builder().system(true).dumb(false).nativeSignals(false).build();
            if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
                t.close();
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new TerminalProgress(t, Math.max(1, height)));
        } catch (IOException | IllegalStateException e) {
            return java.util.Optional.empty();
        }
    }

    /** Where the step lines go: through the terminal, so they scroll above the status line. */
    public PrintWriter writer() { return terminal.writer(); }

    @Override public synchronized void stepStarted(RunRecord run, int index, String type) {
        step = "step " + (index + 1) + " " + type;
        show(List.of(step));
    }

    @Override public synchronized void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
        show(List.of());
    }

    @Override public synchronized void stepFailed(RunRecord run, int index, String type, Failure failure, Map<String, String> facts) {
        show(List.of());
    }

    @Override public synchronized void progress(MigrationProgress p, Duration allowedDowntime) {
        int width = Math.max(10, Math.min(50, terminal.getWidth() - 30));
        show(List.of(step + " " + line.bar(p, width), "  " + line.text(p, allowedDowntime)));
    }

    /** Puts these lines up as the status, whatever they show (an evacuation's: one line per VM on the move). */
    public synchronized void status(List<String> lines) { show(lines); }

    /** Always {@code height} lines: blank ones below, or the last ones when there are more. */
    private void show(List<String> lines) {
        List<AttributedString> shown = new java.util.ArrayList<>(lines.subList(Math.max(0, lines.size() - height), lines.size()).stream()
                .map(AttributedString::new).toList());
        while (shown.size() < height) shown.add(new AttributedString(" "));
        status.update(shown);
        terminal.flush();
    }

    @Override public synchronized void close() {
        try {
            status.update(List.of());
            status.close();
            terminal.flush();
            terminal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
