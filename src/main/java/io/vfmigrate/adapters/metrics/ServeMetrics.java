package io.vfmigrate.adapters.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.ServeEvents;
import io.vfmigrate.workflow.RunListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * `serve`'s metrics, through the Prometheus Java client: fed by every run's events (a {@link RunListener})
 * and by the schedules' ({@link ServeEvents}); written in the Prometheus text format.
 */
public final class ServeMetrics implements RunListener, ServeEvents {
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final double[] RUN_SECONDS = {1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800};
    private static final double[] STEP_SECONDS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Clock clock;
    private final Counter started = counter("vfmigrate_runs_started", "Runs started, by workflow", "workflow");
    private final Counter ended = counter("vfmigrate_runs_ended", "Runs ended, by workflow and outcome (succeeded, compensated, needs_operator)",
            "workflow", "outcome");
    private final Histogram runSeconds = Histogram.builder().name("vfmigrate_run_duration_seconds").help("Run durations, from creation to end")
            .labelNames("workflow", "outcome").classicOnly().classicUpperBounds(RUN_SECONDS).register(registry);
    private final Histogram stepSeconds = Histogram.builder().name("vfmigrate_step_duration_seconds").help("Durations of the steps that succeeded")
            .labelNames("step").classicOnly().classicUpperBounds(STEP_SECONDS).register(registry);
    private final Counter evacuations = counter("vfmigrate_evacuations", "Scheduled evacuations ended, by exit code", "exit_code");
    private final Counter due = counter("vfmigrate_schedules_due", "Schedule runs that came due (picked by this serve)");
    private final Counter late = counter("vfmigrate_schedules_late", "Schedule runs started more than 30s after their time");
    private final Counter takeOvers = counter("vfmigrate_lease_takeovers", "Schedule runs of a dead serve picked up here (then resumed)");
    private final Counter rollingHosts = counter("vfmigrate_rolling_hosts", "Hosts of scheduled rollings ended here, by result (returned, failed,"
            + " stopped, not-started)", "result");

    public ServeMetrics(Clock clock) { this.clock = clock; }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    @Override public void stateChanged(RunRecord run, RunState from, RunState to) {
        if (from == RunState.PENDING && to == RunState.RUNNING) started.labelValues(run.workflow()).inc();
        String outcome = switch (to) {
            case SUCCEEDED -> "succeeded";
            case COMPENSATED -> "compensated";
            case NEEDS_OPERATOR -> "needs_operator";
            default -> null;
        };
        if (outcome == null) return;
        ended.labelValues(run.workflow(), outcome).inc();
        runSeconds.labelValues(run.workflow(), outcome).observe(seconds(Duration.between(run.created(), clock.instant())));
    }

    @Override public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
        stepSeconds.labelValues(type).observe(seconds(took));
    }

    @Override public void due(String scheduleId, boolean isLate) {
        due.inc();
        if (isLate) late.inc();
    }

    @Override public void takenOver(String scheduleId, String evacuationId) { takeOvers.inc(); }

    @Override public void evacuationEnded(String scheduleId, String evacuationId, int exitCode) {
        evacuations.labelValues(String.valueOf(exitCode)).inc();
    }

    @Override public void rollingHostEnded(String scheduleId, String rollingId, String host, String result) {
        rollingHosts.labelValues(result).inc();
    }

    /** Everything, in the Prometheus text format (version 0.0.4). */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String text() { return new String(scrape(), StandardCharsets.UTF_8); }

    private static double seconds(Duration d) { return d.toNanos() / 1e9; }
}
