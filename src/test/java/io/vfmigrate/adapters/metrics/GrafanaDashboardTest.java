package io.vfmigrate.adapters.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.fakes.FakeClock;
import io.vfmigrate.model.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The package's Grafana dashboard asks only for series that `serve` writes on /metrics. */
class GrafanaDashboardTest {
    static final Path DASHBOARD = Path.of("src/deb/grafana/vfmigrate-dashboard.json");
    static final Pattern METRIC = Pattern.compile("\\bvfmigrate_[a-z_]+");

    @Test
    void everySeriesOfTheDashboardIsServed() throws Exception {
        ServeMetrics metrics = new ServeMetrics(new FakeClock());
        var run = MetricsEndpointTest.run("r1", "bond-macvtap");
        metrics.stateChanged(run, RunState.PENDING, RunState.RUNNING);
        metrics.stepSucceeded(run, 0, "add-temporary-port", Duration.ofMillis(30), Map.of());
        metrics.stateChanged(run, RunState.RUNNING, RunState.NEEDS_OPERATOR);
        metrics.due("s1", true);
        metrics.takenOver("s1", "e1");
        metrics.evacuationEnded("s1", "e1", 1);
        metrics.rollingHostEnded("s2", "o1", "host-a", "returned");
        Set<String> served = new TreeSet<>();
        for (String sample : PrometheusText.parse(metrics.text()).keySet()) served.add(sample.replaceFirst("\\{.*", ""));

        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> asked = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher m = METRIC.matcher(target.get("expr").asText());
                while (m.find()) asked.add(m.group());
            }
        }
        assertTrue(asked.size() >= 8, asked::toString);
        Set<String> unknown = new TreeSet<>(asked);
        unknown.removeAll(served);
        assertEquals(Set.of(), unknown, "asked by the dashboard, not served: " + unknown + " (served: " + served + ")");
    }
}
