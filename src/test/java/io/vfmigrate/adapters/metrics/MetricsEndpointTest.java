package io.vfmigrate.adapters.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.FakeClock;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** /metrics and /healthz on loopback (an ephemeral port of this process), fed by run events. */
class MetricsEndpointTest {
    final FakeClock clock = new FakeClock();
    final ServeMetrics metrics = new ServeMetrics(clock);

    static RunRecord run(String id, String workflow) {
        return new RunRecord(id, "vm1", "host-a", "host-b", workflow, Map.of(), RunState.RUNNING, "me", java.time.Instant.parse("2026-11-24T12:00:00Z"),
                java.time.Instant.parse("2026-11-24T12:00:00Z"));
    }

    @Test
    void runEventsBecomeCountersAndHistograms() {
        RunRecord a = run("r1", "bond-macvtap");
        metrics.stateChanged(a, RunState.PENDING, RunState.RUNNING);
        metrics.stepSucceeded(a, 0, "add-temporary-port", Duration.ofMillis(30), Map.of());
        clock.sleep(Duration.ofSeconds(4));
        metrics.stateChanged(a, RunState.RUNNING, RunState.SUCCEEDED);
        RunRecord b = run("r2", "plain");
        metrics.stateChanged(b, RunState.PENDING, RunState.RUNNING);
        metrics.stateChanged(b, RunState.RUNNING, RunState.COMPENSATING);
        metrics.stateChanged(b, RunState.COMPENSATING, RunState.COMPENSATED);
        metrics.due("s1", true);
        metrics.takenOver("s1", "e1");
        metrics.evacuationEnded("s1", "e1", 1);
        Map<String, Double> m = PrometheusText.parse(metrics.text());
        assertEquals(1.0, m.get("vfmigrate_runs_started_total{workflow=\"bond-macvtap\"}"), m::toString);
        assertEquals(1.0, m.get("vfmigrate_runs_ended_total{outcome=\"succeeded\",workflow=\"bond-macvtap\"}"), m::toString);
        assertEquals(1.0, m.get("vfmigrate_runs_ended_total{outcome=\"compensated\",workflow=\"plain\"}"), m::toString);
        assertEquals(4.0, m.get("vfmigrate_run_duration_seconds_sum{outcome=\"succeeded\",workflow=\"bond-macvtap\"}"), m::toString);
        assertEquals(1.0, m.get("vfmigrate_run_duration_seconds_bucket{outcome=\"succeeded\",workflow=\"bond-macvtap\",le=\"5.0\"}"), m::toString);
        assertEquals(0.0, m.get("vfmigrate_run_duration_seconds_bucket{outcome=\"succeeded\",workflow=\"bond-macvtap\",le=\"2.0\"}"), m::toString);
        assertEquals(1.0, m.get("vfmigrate_step_duration_seconds_count{step=\"add-temporary-port\"}"), m::toString);
        assertEquals(1.0, m.get("vfmigrate_schedules_due_total"), m::toString);
        assertEquals(1.0, m.get("vfmigrate_schedules_late_total"), m::toString);
        assertEquals(1.0, m.get("vfmigrate_lease_takeovers_total"), m::toString);
        assertEquals(1.0, m.get("vfmigrate_evacuations_total{exit_code=\"1\"}"), m::toString);
    }

    @Test
    void servesMetricsAndHealthOverHttp() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        metrics.due("s1", false);
        try (MetricsEndpoint e = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), metrics::scrape, ServeMetrics.CONTENT_TYPE,
                healthy::get)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers()::toString);
            assertEquals(1.0, PrometheusText.parse(r.body()).get("vfmigrate_schedules_due_total"), r::body);
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            healthy.set(false);
            assertEquals(503, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
