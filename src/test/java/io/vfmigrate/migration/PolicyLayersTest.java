package io.vfmigrate.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyLayersTest {
    @Test
    void laterLayersWinKeyByKeyAndEachValueNamesItsSource() {
        PolicyLayers.Resolved r = PolicyLayers.resolve(List.of(
                new PolicyLayers.Layer("inventory defaults", Map.of("bandwidth-mib-per-s", "100", "on-timeout", "force")),
                new PolicyLayers.Layer("host b", Map.of("bandwidth-mib-per-s", "200", "progress-timeout", "60s")),
                new PolicyLayers.Layer("workflow", Map.of("progress-timeout", "90s")),
                new PolicyLayers.Layer("command line", Map.of("on-timeout", "abort"))));
        assertEquals(200, r.policy().bandwidthMiBps());
        assertEquals(Duration.ofSeconds(90), r.policy().progressTimeout());
        assertEquals(MigrationPolicy.OnTimeout.ABORT, r.policy().onTimeout());
        assertEquals(Duration.ofSeconds(150), r.policy().completionTimeoutPerGiB());
        Map<String, String> shown = r.describe();
        assertEquals("200 (host b)", shown.get("bandwidth-mib-per-s"));
        assertEquals("90s (workflow)", shown.get("progress-timeout"));
        assertEquals("abort (command line)", shown.get("on-timeout"));
        assertEquals("150s (default)", shown.get("completion-timeout-per-gib"));
        assertEquals(PolicyKey.names(), List.copyOf(shown.keySet()), "every key, in the table's order");
    }

    @Test
    void valuesOutOfRangeAreRefusedNamingKeyValueAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PolicyLayers.Layer("x", Map.of("parallel-connections", "65")));
        assertEquals("parallel-connections: '65' is not valid (1..64)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolicyKey.DOWNTIME_SCHEDULE.check("200ms,100ms"));
        assertThrows(IllegalArgumentException.class, () -> PolicyKey.ON_TIMEOUT.check("pause"));
        assertThrows(IllegalArgumentException.class, () -> PolicyKey.PROGRESS_TIMEOUT.check("0s"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new PolicyLayers.Layer("x", Map.of("post-copy", "yes")));
        assertTrue(unknown.getMessage().startsWith("unknown migration policy key 'post-copy'"), unknown.getMessage());
    }
}
