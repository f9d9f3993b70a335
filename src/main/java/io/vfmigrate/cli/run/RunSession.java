package io.vfmigrate.cli.run;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.RunContradicted;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.run.OpenRun;
import io.vfmigrate.app.run.RunReport;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.LogFileOnStart;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.RunSignals;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.model.Printable;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the commands that run one run share (`migrate`, `resume RUN`, `rollback RUN`): the signal
 * handling, the output by format (step lines and the terminal's status line, --quiet, the JSON event
 * stream), the listeners of the run, and its end: the outcome and report as text, or the JSON outcome line.
 */
public final class RunSession implements AutoCloseable {
    private final RunSignals signals;
    private final RunOutput output;
    private final boolean quiet;
    private final List<RunListener> listeners = new ArrayList<>();

    private RunSession(RunSignals signals, RunOutput output, boolean quiet) {
        this.signals = signals;
        this.output = output;
        this.quiet = quiet;
    }

    /** `resume RUN`: goes on with a VM's open run, printed as `migrate` prints. */
    public static int resume(Wiring wiring, GlobalOptions options, PrintWriter out, PrintWriter err, OutputFormat format, Services s,
                             String runId, Optional<RunRecord> record) {
        try (RunSession session = open(wiring, options, out, err, format, s, runId, record.map(RunRecord::vm).orElse(""))) {
            try {
                RunOutcome o = new OpenRun(s).resume(runId, session.listeners(), session.controls(List.of()));
                return session.finish(o, ExitCode.of(o), RunReport.after(s.journal(), o));
            } catch (RunContradicted refused) {
                return session.refused(err, refused);
            }
        }
    }

    /** Hears signals from now on; {@code runId} names the run in JSON events before it names itself (resume, rollback). */
    public static RunSession open(Wiring wiring, GlobalOptions options, PrintWriter out, PrintWriter err, OutputFormat format, Services s,
                           String runId, String vm) {
        RunSignals signals = wiring.signals(err);
        RunOutput output = RunOutput.of(wiring, out, format, options.quiet, s, runId, vm);
        signals.beforeHalt(output::close);
        if (!runId.isEmpty()) signals.opened(runId);
        RunSession session = new RunSession(signals, output, options.quiet);
        session.listeners.addAll(wiring.runListeners());
        session.listeners.add(signals);
        session.listeners.add(new LogFileOnStart(wiring, options));
        session.listeners.addAll(output.listeners());
        return session;
    }

    RunSignals signals() { return signals; }

    RunOutput output() { return output; }

    /** The run's listeners: a copy, for the command to add its own. */
    public List<RunListener> listeners() { return new ArrayList<>(listeners); }

    /** The controls of the run: the command line's policy layer, the output's observer of the migration job, the signal state. */
    public RunControls controls(List<PolicyLayers.Layer> commandLine) {
        return new RunControls(List.of(), commandLine, output.observer(), signals.stopRequest());
    }

    /**
     * The controls of a rollback: a signal does not stop it (it is the way back: an aborted migration back would leave the
     * run needing an operator); stderr says that the first one lets it finish, and a second one still stops at once.
     */
    RunControls finishingControls() {
        signals.firstSignalMeans("the rollback goes on to its end (it is not stopped half-way)");
        return new RunControls(List.of(), List.of(), output.observer(), () -> false);
    }

    /** The end of a run that was journaled: the JSON outcome line, or the outcome and the report as text (the outcome only with --quiet). */
    public int finish(RunOutcome outcome, int exitCode, RunReport report) {
        if (output.json().isPresent()) {
            output.json().get().outcome(outcomeFields(outcome, exitCode, report));
            return exitCode;
        }
        OutcomePrinter.print(output.text(), outcome);
        if (!quiet) RunOutput.printReport(output.text(), report);
        outcome.secondaryErrors().forEach(e -> output.text().println("after the run: " + Printable.clean(e)));
        output.text().flush();
        return exitCode;
    }

    /** A resume or rollback refused because journal and hosts disagree: the lines on stderr, and with JSON the outcome line. */
    public int refused(PrintWriter err, RunContradicted refused) {
        int code = ContradictionPrinter.print(err, refused);
        output.json().ifPresent(json -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", "REFUSED");
            m.put("exit-code", code);
            m.put("cause", refused.getMessage());
            m.put("contradictions", refused.contradictions().stream().map(Printable::line).toList());
            json.outcome(m);
        });
        return code;
    }

    /** The JSON outcome line: state, exit code, cause, leftovers and the report. */
    static Map<String, Object> outcomeFields(RunOutcome o, int exitCode, RunReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", o.state().name());
        m.put("exit-code", exitCode);
        o.cause().ifPresent(c -> m.put("cause", c.message()));
        m.put("compensation-failures", o.compensationFailures().stream().map(f -> f.message()).toList());
        m.put("leftovers", o.leftovers());
        o.journalLag().ifPresent(lag -> m.put("journal-behind", Map.of("reason", lag.reason(), "unwritten", lag.unwritten())));
        m.put("secondary-errors", o.secondaryErrors());
        m.put("report", ReportJson.of(report));
        return m;
    }

    @Override public void close() { output.close(); }
}
