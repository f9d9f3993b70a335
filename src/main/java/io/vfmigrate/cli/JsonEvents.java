package io.vfmigrate.cli;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationStats;
import io.vfmigrate.workflow.RunListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `--output json` of a real run: one JSON object per line for every event (docs/migration-policy.md, "JSON events"),
 * each with its type, the run id, the VM and a timestamp. The outcome line is written by the command.
 */
public final class JsonEvents implements RunListener, MigrationObserver {
    private final PrintWriter out;
    private final Clock clock;
    private final String vm;
    private final Map<String, Object> fields;
    private volatile String runId;

    public JsonEvents(PrintWriter out, Clock clock, String vm) { this(out, clock, "", vm, Map.of()); }

    /**
     * {@code runId} until the run names itself (resume and rollback know it before); {@code fields} go into every event
     * (an evacuation's id for the runs of its VMs). Several streams may share {@code out}: each line is written whole.
     */
    public JsonEvents(PrintWriter out, Clock clock, String runId, String vm, Map<String, Object> fields) {
        this.out = out;
        this.clock = clock;
        this.runId = runId;
        this.vm = vm;
        this.fields = Map.copyOf(fields);
    }

    Map<String, Object> event(String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("run", runId);
        m.put("vm", vm);
        m.putAll(fields);
        m.put("time", clock.instant().toString());
        return m;
    }

    private void emit(Map<String, Object> m) { line(out, m); }

    /** One event on its line, whole, whichever thread writes it. */
    public static void line(PrintWriter out, Map<String, Object> event) {
        synchronized (out) {
            JsonOutput.line(out, event);
        }
    }

    private Map<String, Object> step(RunRecord run, String type, int index, String stepType) {
        runId = run.id();
        Map<String, Object> m = event(type);
        m.put("step", index + 1);
        m.put("step-type", stepType);
        return m;
    }

    @Override public void preflightWarnings(RunRecord run, java.util.List<String> warnings) {
        Map<String, Object> m = event("preflight-warnings");
        m.put("warnings", warnings);
        emit(m);
    }

    @Override public void stateChanged(RunRecord run, RunState from, RunState to) {
        runId = run.id();
        Map<String, Object> m = event("state");
        m.put("from", from.name());
        m.put("to", to.name());
        emit(m);
    }

    @Override public void stepStarted(RunRecord run, int i, String type) { emit(step(run, "step-started", i, type)); }

    @Override public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
        Map<String, Object> m = step(run, "step-succeeded", i, type);
        m.put("millis", took.toMillis());
        emit(m);
    }

    @Override public void stepFailed(RunRecord run, int i, String type, Failure failure, Map<String, String> facts) {
        Map<String, Object> m = step(run, "step-failed", i, type);
        m.put("error", failure.message());
        emit(m);
    }

    @Override public void compensationSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
        Map<String, Object> m = step(run, "undo-succeeded", i, type);
        m.put("millis", took.toMillis());
        emit(m);
    }

    @Override public void compensationFailed(RunRecord run, int i, String type, Failure failure, Map<String, String> facts) {
        Map<String, Object> m = step(run, "undo-failed", i, type);
        m.put("error", failure.message());
        emit(m);
    }

    @Override public void recovering(RunRecord run, int i, String type, int attempt, Duration delay, Failure cause) {
        Map<String, Object> m = step(run, "recovery-attempt", i, type);
        m.put("attempt", attempt);
        m.put("delay-millis", delay.toMillis());
        m.put("cause", cause.message());
        emit(m);
    }

    @Override public void needsOperator(RunRecord run, List<String> leftovers, Map<String, String> facts) {
        runId = run.id();
        Map<String, Object> m = event("needs-operator");
        m.put("leftovers", leftovers);
        emit(m);
    }

    @Override public void progress(MigrationProgress p, Duration allowedDowntime) {
        Map<String, Object> m = event("migration-progress");
        m.put("elapsed-millis", p.elapsedMillis());
        m.put("total-bytes", p.dataTotalBytes());
        m.put("transferred-bytes", p.dataProcessedBytes());
        m.put("remaining-bytes", p.dataRemainingBytes());
        m.put("rate-bytes-per-s", p.memoryBytesPerSecond());
        m.put("dirty-rate-bytes-per-s", p.dirtyRateBytesPerSecond());
        m.put("iteration", p.memoryIteration());
        m.put("allowed-downtime-millis", allowedDowntime.toMillis());
        m.put("throttle-percent", p.throttlePercent());
        emit(m);
    }

    @Override public void completed(MigrationStats s) {
        Map<String, Object> m = event("migration-completed");
        m.put("total-millis", s.totalMillis());
        m.put("downtime-millis", s.downtimeMillis());
        m.put("memory-transferred-bytes", s.memoryTransferredBytes());
        m.put("iterations", s.iterations());
        m.put("final-allowed-downtime-millis", s.finalAllowedDowntime().toMillis());
        m.put("post-copy", s.postCopy());
        m.put("forced", s.forced());
        m.put("throttle-percent", s.throttlePercent());
        emit(m);
    }

    /** The last line: the outcome, with the process's exit code and the run's report. */
    public void outcome(Map<String, Object> fields) {
        Map<String, Object> m = event("outcome");
        m.putAll(fields);
        emit(m);
    }
}
