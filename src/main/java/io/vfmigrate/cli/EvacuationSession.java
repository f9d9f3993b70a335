package io.vfmigrate.cli;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.Services;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.StopRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What `evacuate` and `resume EVAC` share: the signal handling (for each VM's run as for `migrate`; after
 * a first signal no new move starts), the output by format ({@link EvacuationOutput}), a circuit breaker
 * per destination, and the end: the summary table, or the JSON outcome line.
 */
public final class EvacuationSession {
    private EvacuationSession() {}

    public static int evacuate(Wiring wiring, GlobalOptions options, PrintWriter out, PrintWriter err, OutputFormat format, Services s,
                               EvacuationRequestSpec request, List<PolicyLayers.Layer> policy) {
        return run(wiring, options, out, err, format, s, request.host(), request.parallel(), policy,
                (evacuation, progress, output) -> evacuation.run(request, progress), (o, r, b) -> print(o, request.host(), r, b));
    }

    /** `resume EVAC`: goes on with an evacuation left open, printed as `evacuate` prints. */
    public static int resume(Wiring wiring, GlobalOptions options, PrintWriter out, PrintWriter err, OutputFormat format, Services s, RunRecord evac) {
        EvacuationRequestSpec request = EvacuationRequestSpec.of(evac.params());
        return run(wiring, options, out, err, format, s, request.host(), request.parallel(), List.of(),
                (evacuation, progress, output) -> evacuation.resume(evac.id(), progress), (o, r, b) -> print(o, request.host(), r, b));
    }

    /** What a session does with the evacuation it built: an evacuation, its resume, or a command that runs one as a part. */
    public interface Action<T> {
        T apply(Evacuations.Evacuation evacuation, EvacuationProgress progress, EvacuationOutput output);
    }

    /** How a session ends: prints what came of {@code result} (the table, or the JSON outcome line) and gives the exit code. */
    public interface Ending<T> {
        int print(EvacuationOutput output, T result, Set<String> openBreakers);
    }

    /** A session on {@code host} (at most {@code parallel} VMs moving at once): the signals, breakers and output, then {@code action}. */
    public static <T> int run(Wiring wiring, GlobalOptions options, PrintWriter out, PrintWriter err, OutputFormat format, Services s,
                              String host, int parallel, List<PolicyLayers.Layer> policy, Action<T> action, Ending<T> ending) {
        return run(wiring, options, out, err, format, s, host, parallel, policy, "stopping (no new move starts; a move in flight stops as "
                + "`migrate` does: compensated before its migration, finished after it; the evacuation is left open for `vfmigrate resume`)",
                (evacuation, progress, output, stop) -> action.apply(evacuation, progress, output), ending);
    }

    /** The evacuation machinery of a dry run (its plan only): the fleet's breakers, no signals, no output. */
    public static Evacuations.Evacuation forDryRun(Wiring wiring, Services s) {
        return wiring.evacuations(s).with(Evacuations.Controls.of(new CircuitBreakers(EvacuationOptions.BREAKER_FAILURES)));
    }

    /** What a command that runs evacuations as its parts does, hearing the operator's stop ({@code stop}) between them. */
    public interface StoppableAction<T> {
        T apply(Evacuations.Evacuation evacuation, EvacuationProgress progress, EvacuationOutput output, StopRequest stop);
    }

    /** As above, a first signal meaning {@code firstSignal} (what stderr says), the stop request given to {@code action}. */
    public static <T> int run(Wiring wiring, GlobalOptions options, PrintWriter out, PrintWriter err, OutputFormat format, Services s,
                              String host, int parallel, List<PolicyLayers.Layer> policy, String firstSignal, StoppableAction<T> action,
                              Ending<T> ending) {
        RunSignals signals = wiring.signals(err);
        signals.firstSignalMeans(firstSignal);
        CircuitBreakers breakers = new CircuitBreakers(EvacuationOptions.BREAKER_FAILURES);
        try (EvacuationOutput output = EvacuationOutput.of(wiring, out, format, options.quiet, s, host, parallel)) {
            signals.beforeHalt(output::close);
            List<RunListener> eachRun = new ArrayList<>(wiring.runListeners());
            eachRun.add(signals);
            RunControls controls = new RunControls(List.of(), policy, MigrationObserver.NONE, signals.stopRequest());
            Evacuations.Evacuation evacuation = wiring.evacuations(s)
                    .with(Evacuations.Controls.of(breakers).observer(RunListener.of(eachRun)).run(controls));
            // the run log of a directory store starts with the evacuation's record: a refusal creates no logs/
            EvacuationProgress logged = new EvacuationProgress() {
                @Override public void started(String evacuationId, EvacuationPlan plan, boolean resumed) { wiring.logRuns(options); }
            };
            T result = action.apply(evacuation, EvacuationProgress.both(logged, EvacuationProgress.both(signals, output.progress())), output,
                    signals.stopRequest());
            return ending.print(output, result, breakers.open());
        }
    }

    private static int print(EvacuationOutput output, String host, EvacuationResult result, Set<String> openBreakers) {
        return print(output, host, result, openBreakers, Map.of(),
                host + " stays disabled: `vfmigrate host enable " + host + "` once its maintenance is over");
    }

    /**
     * The end of an evacuation: the JSON outcome line ({@code moreJson} added), or the table, the breakers opened, the record's id and
     * how to resume it when left open, then {@code lastLine}.
     */
    public static int print(EvacuationOutput output, String host, EvacuationResult result, Set<String> openBreakers, Map<String, Object> moreJson,
                            String lastLine) {
        if (output.json().isPresent()) {
            Map<String, Object> json = EvacuationPrinter.json(host, result.plan().orElse(null), result.exitCode());
            json.put("outcomes", EvacuationReport.json(result.outcomes()));
            json.put("evacuation", result.evacuationId().orElse(null));
            json.put("open-breakers", openBreakers);
            json.put("left-open", result.leftOpen());
            json.putAll(moreJson);
            json.put("exit-code", result.exitCode());
            output.json().get().outcome(json);
            return result.exitCode();
        }
        PrintWriter out = output.text();
        if (result.refusal().isPresent()) {
            result.plan().ifPresent(p -> EvacuationPrinter.text(out, p));
            out.println("refused: " + result.refusal().get());
        } else {
            EvacuationReport.summary(out, result.outcomes());
            if (!openBreakers.isEmpty()) out.println("breakers opened for: " + String.join(", ", openBreakers));
            result.evacuationId().ifPresent(id -> out.println("evacuation " + id + ": `vfmigrate show " + id + "` lists each VM and its run"));
            if (result.leftOpen()) {
                result.evacuationId().ifPresent(id -> out.println("evacuation " + id + " is left open: `vfmigrate resume " + id
                        + "` goes on with the VMs still on " + host));
            }
            out.println(lastLine);
        }
        out.flush();
        return result.exitCode();
    }
}
