package io.vfmigrate.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConvergenceWatchTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void completionTimeoutScalesWithMemory() {
        MigrationPolicy p = MigrationPolicy.defaults();
        assertEquals(Duration.ofSeconds(150), p.completionTimeout(1L << 30));
        assertEquals(Duration.ofMillis(37_500), p.completionTimeout(256L << 20));
        assertEquals(Duration.ofSeconds(600), p.completionTimeout(4L << 30));
        assertEquals(Duration.ofSeconds(1), p.completionTimeout(0), "at least a second");
    }

    @Test
    void completionTimeoutExpiresAtItsTimeEvenWithProgress() {
        ConvergenceWatch w = new ConvergenceWatch(T0, Duration.ofSeconds(10), Duration.ofSeconds(5));
        long remaining = 1000;
        for (int s = 1; s < 10; s++) assertEquals(Optional.empty(), w.observe(T0.plusSeconds(s), Optional.of(remaining -= 10)));
        assertEquals(Optional.of(ConvergenceWatch.Expiry.COMPLETION_TIMEOUT), w.observe(T0.plusSeconds(10), Optional.of(remaining - 10)));
    }

    @Test
    void progressTimeoutExpiresWhenTheRemainingDataStopsDecreasing() {
        ConvergenceWatch w = new ConvergenceWatch(T0, Duration.ofMinutes(10), Duration.ofSeconds(5));
        assertEquals(Optional.empty(), w.observe(T0.plusSeconds(1), Optional.of(500L)));
        assertEquals(Optional.empty(), w.observe(T0.plusSeconds(3), Optional.of(900L)), "a new iteration starts higher");
        assertEquals(Optional.empty(), w.observe(T0.plusSeconds(5), Optional.of(600L)), "above the lowest: no progress");
        assertEquals(Optional.of(ConvergenceWatch.Expiry.PROGRESS_TIMEOUT), w.observe(T0.plusSeconds(6), Optional.of(500L)));
    }

    @Test
    void aNewLowResetsTheProgressTimeout() {
        ConvergenceWatch w = new ConvergenceWatch(T0, Duration.ofMinutes(10), Duration.ofSeconds(5));
        w.observe(T0.plusSeconds(1), Optional.of(500L));
        assertEquals(Optional.empty(), w.observe(T0.plusSeconds(5), Optional.of(499L)));
        assertEquals(Optional.empty(), w.observe(T0.plusSeconds(9), Optional.empty()), "unknown remaining data changes nothing");
        assertEquals(Optional.of(ConvergenceWatch.Expiry.PROGRESS_TIMEOUT), w.observe(T0.plusSeconds(10), Optional.empty()));
    }
}
