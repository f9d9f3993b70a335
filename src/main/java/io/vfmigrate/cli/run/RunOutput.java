package io.vfmigrate.cli.run;

import io.vfmigrate.app.Services;
import io.vfmigrate.app.run.RunReport;
import io.vfmigrate.cli.JsonEvents;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.TerminalProgress;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationStats;
import io.vfmigrate.workflow.RunListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run prints while it runs, by output format: text (step lines, and a status line with the
 * migration's progress bar on a terminal, plain progress lines otherwise), nothing but the outcome
 * with --quiet, or the JSON event stream. All of it is listeners of the run and of its migration job.
 */
final class RunOutput implements AutoCloseable {
    private final List<RunListener> listeners = new ArrayList<>();
    private final List<MigrationObserver> observers = new ArrayList<>();
    private final PrintWriter text;
    private final Optional<JsonEvents> json;
    private final Optional<TerminalProgress> terminal;

    private RunOutput(PrintWriter text, Optional<JsonEvents> json, Optional<TerminalProgress> terminal) {
        this.text = text;
        this.json = json;
        this.terminal = terminal;
    }

    static RunOutput of(Wiring wiring, PrintWriter out, OutputFormat format, boolean quiet, Services s, String vm) {
        return of(wiring, out, format, quiet, s, "", vm);
    }

    /** {@code runId}: the run's id when it is known before the run names itself (resume, rollback), else empty. */
    static RunOutput of(Wiring wiring, PrintWriter out, OutputFormat format, boolean quiet, Services s, String runId, String vm) {
        if (format == OutputFormat.json) {
            JsonEvents events = new JsonEvents(out, s.clock(), runId, vm, java.util.Map.of());
            RunOutput o = new RunOutput(out, Optional.of(events), Optional.empty());
            o.listeners.add(events);
            o.observers.add(events);
            return o;
        }
        if (quiet) return new RunOutput(out, Optional.empty(), Optional.empty());
        Optional<TerminalProgress> terminal = wiring.terminal() ? TerminalProgress.open() : Optional.empty();
        PrintWriter text = terminal.map(TerminalProgress::writer).orElse(out);
        RunOutput o = new RunOutput(text, Optional.empty(), terminal);
        ConsoleProgress steps = new ConsoleProgress(text, terminal.isEmpty());
        o.listeners.add(steps);
        if (terminal.isPresent()) {
            o.listeners.add(terminal.get());
            o.observers.add(terminal.get());
        } else {
            o.observers.add(steps);
        }
        return o;
    }

    List<RunListener> listeners() { return listeners; }

    /** Every observer of the migration job, as one. */
    MigrationObserver observer() {
        return new MigrationObserver() {
            @Override public void progress(MigrationProgress p, java.time.Duration allowed) {
                observers.forEach(o -> o.progress(p, allowed));
            }

            @Override public void completed(MigrationStats stats) { observers.forEach(o -> o.completed(stats)); }
        };
    }

    /** Where text goes after the run (the terminal's writer while the status line is up). */
    PrintWriter text() { return text; }

    Optional<JsonEvents> json() { return json; }

    static void printReport(PrintWriter out, RunReport report) {
        report.lines().forEach(l -> out.println(Printable.clean(l)));
        out.flush();
    }

    @Override public void close() { terminal.ifPresent(TerminalProgress::close); }
}
