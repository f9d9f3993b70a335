package io.vfmigrate.cli;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.Services;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * What an evacuation prints while it runs, by output format: text (a line per VM event; on a terminal a
 * status line per VM on the move under them, else each migration's figures as plain lines), nothing
 * but the final table with --quiet, or the JSON event stream.
 */
public final class EvacuationOutput implements AutoCloseable {
    private final EvacuationProgress progress;
    private final PrintWriter text;
    private final Optional<EvacuationJson> json;
    private final Optional<TerminalProgress> terminal;

    private EvacuationOutput(EvacuationProgress progress, PrintWriter text, Optional<EvacuationJson> json, Optional<TerminalProgress> terminal) {
        this.progress = progress;
        this.text = text;
        this.json = json;
        this.terminal = terminal;
    }

    /** {@code parallel}: the VMs that move at once, each with its status line on a terminal. */
    public static EvacuationOutput of(Wiring wiring, PrintWriter out, OutputFormat format, boolean quiet, Services s, String host, int parallel) {
        if (format == OutputFormat.json) {
            EvacuationJson events = new EvacuationJson(out, s.clock(), host);
            return new EvacuationOutput(events, out, Optional.of(events), Optional.empty());
        }
        if (quiet) return new EvacuationOutput(EvacuationProgress.NONE, out, Optional.empty(), Optional.empty());
        Optional<TerminalProgress> terminal = wiring.terminal() ? TerminalProgress.open(parallel) : Optional.empty();
        if (terminal.isEmpty()) return new EvacuationOutput(new EvacuationReport(out, true), out, Optional.empty(), terminal);
        PrintWriter text = terminal.get().writer();
        EvacuationProgress lines = new EvacuationReport(text, false);
        return new EvacuationOutput(EvacuationProgress.both(lines, new EvacuationStatus(terminal.get()::status)), text, Optional.empty(), terminal);
    }

    public EvacuationProgress progress() { return progress; }

    /** Where text goes after the evacuation (the terminal's writer while the status lines are up). */
    public PrintWriter text() { return text; }

    public Optional<EvacuationJson> json() { return json; }

    @Override public void close() { terminal.ifPresent(TerminalProgress::close); }
}
