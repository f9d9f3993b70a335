package io.vfmigrate.adapters.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.FakeClock;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    /**
     * Issue 18.13: a client that sends its request one byte every 200 ms, and one that connects and sends nothing, never
     * delay another's /healthz (answered within a second each time, while both hold their connections), and the slow one
     * is cut off once its request took longer than the server allows. Loopback only, bounded in count and time.
     */
    @Test
    void slowAndIdleClientsNeverDelayHealthz() throws Exception {
        try (MetricsEndpoint e = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), metrics::scrape, ServeMetrics.CONTENT_TYPE, () -> true);
             Socket idle = new Socket("127.0.0.1", e.port());
             Socket slow = new Socket("127.0.0.1", e.port())) {
            slow.setSoTimeout(200);
            OutputStream trickle = slow.getOutputStream();
            byte[] request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + "/healthz")).timeout(Duration.ofSeconds(1)).build();
            boolean cutOff = false;
            long start = System.nanoTime();
            for (int i = 0; i < 40 && !cutOff; i++) {   // 8 s at most
                try {
                    trickle.write(request[Math.min(i, request.length - 1)]);
                    trickle.flush();
                    if (slow.getInputStream().read() == -1) cutOff = true;
                } catch (SocketTimeoutException stillOpen) {
                    // the server still waits for the rest of the request
                } catch (IOException reset) {
                    cutOff = true;
                }
                if (i % 5 == 0) {
                    long asked = System.nanoTime();
                    HttpResponse<String> r = http.send(healthz, HttpResponse.BodyHandlers.ofString());
                    long ms = (System.nanoTime() - asked) / 1_000_000;
                    assertEquals(200, r.statusCode());
                    assertTrue(ms < 1000, "healthz answered in " + ms + " ms beside a slow and an idle client");
                }
            }
            long held = (System.nanoTime() - start) / 1_000_000;
            assertTrue(cutOff, "the slow client was cut off (it held its connection " + held + " ms)");
            assertFalse(idle.isClosed());
        }
    }
}
