package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.JournalEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's report says whether the completed migration job's stream was encrypted; older journals say nothing about it. */
class TlsInReportTest {
    static List<String> reportOf(Map<String, String> extra) {
        Map<String, String> facts = new LinkedHashMap<>(Map.of("migration.total-ms", "2300", "migration.downtime-ms", "40",
                "migration.memory-transferred-bytes", "1048576", "migration.iterations", "3", "migration.final-allowed-downtime-ms", "100",
                "migration.post-copy", "no", "migration.forced", "no"));
        facts.putAll(extra);
        return RunReport.of(List.of(new JournalEntry(Instant.EPOCH, JournalEntry.Kind.STEP_SUCCEEDED, 4, "migrate", "2300 ms", facts))).lines();
    }

    @Test
    void aTlsJobSaysSo() {
        assertTrue(reportOf(Map.of("migration.tls", "yes")).stream().anyMatch(l -> l.endsWith("stream over TLS yes")), reportOf(Map.of())::toString);
        assertTrue(reportOf(Map.of("migration.tls", "no")).stream().anyMatch(l -> l.endsWith("stream over TLS no")));
    }

    @Test
    void aJournalWithoutTheFactPrintsNoGuess() {
        assertFalse(reportOf(Map.of()).stream().anyMatch(l -> l.contains("TLS")));
        assertFalse(reportOf(Map.of()).stream().anyMatch(l -> l.contains("throttled")));
    }

    @Test
    void autoConvergesHighestThrottleIsInTheReport() {
        assertTrue(reportOf(Map.of("migration.tls", "no", "migration.throttle-percent", "40")).stream()
                .anyMatch(l -> l.endsWith("stream over TLS no, vCPUs throttled by auto-converge up to 40%")), reportOf(Map.of())::toString);
    }
}
