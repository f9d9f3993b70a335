package io.vfmigrate.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DowntimeEscalationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Duration ms(long n) { return Duration.ofMillis(n); }

    @Test
    void theDefaultIsOvirtsMinimalDowntimeSchedule() {
        assertEquals(List.of(ms(100), ms(150), ms(200), ms(300), ms(400), ms(500)), MigrationPolicy.defaults().downtimeSchedule());
    }

    @Test
    void raisesOneStepPerNewIterationAfterTheMinimumDelayUpToTheCap() {
        DowntimeEscalation e = new DowntimeEscalation(List.of(ms(100), ms(200), ms(300)), Duration.ofSeconds(2), T0);
        assertEquals(ms(100), e.current());
        assertEquals(Optional.empty(), e.observe(T0.plusSeconds(5), 1), "the first pass is no reason to raise");
        assertEquals(Optional.empty(), e.observe(T0.plusMillis(1500), 2), "too soon after the start");
        assertEquals(Optional.of(ms(200)), e.observe(T0.plusSeconds(2), 2));
        assertEquals(Optional.empty(), e.observe(T0.plusSeconds(10), 2), "same iteration: no raise");
        assertEquals(Optional.empty(), e.observe(T0.plusSeconds(3), 3), "a second since the last raise only");
        assertEquals(Optional.of(ms(300)), e.observe(T0.plusSeconds(4), 3));
        assertEquals(Optional.empty(), e.observe(T0.plusSeconds(60), 30), "capped");
        assertEquals(ms(300), e.current());
    }

    @Test
    void manyIterationsAtOnceRaiseOneStepAtATime() {
        DowntimeEscalation e = DowntimeEscalation.of(MigrationPolicy.defaults(), T0);
        List<Duration> seen = new ArrayList<>();
        for (int second = 1; second <= 30; second++) e.observe(T0.plusSeconds(second), 10L * second).ifPresent(seen::add);
        assertEquals(List.of(ms(150), ms(200), ms(300), ms(400), ms(500)), seen);
    }
}
