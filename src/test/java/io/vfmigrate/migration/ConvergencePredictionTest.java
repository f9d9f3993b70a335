package io.vfmigrate.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvergencePredictionTest {
    private static final long GIB = 1L << 30;
    private static final MigrationPolicy DEFAULTS = MigrationPolicy.defaults();

    @Test
    void anIdleGuestConvergesInOnePass() {
        ConvergencePrediction p = ConvergencePrediction.of(0, 1000, GIB, DEFAULTS);
        assertTrue(p.converges(), p::reason);
        // 1024 MiB at 1000 MiB/s, then nothing dirty left
        assertEquals(Duration.ofMillis(1024), p.expectedTime());
        assertTrue(p.reason().contains("(2 pass(es))"), p::reason);
    }

    @Test
    void aGuestDirtyingLessThanTheBandwidthConvergesGeometrically() {
        // 1024 MiB: 10.24 s; 512 MiB dirtied: 5.12 s; 256: 2.56 s; 128: 1.28; 64 fits 100 MiB/s x 500 ms? no (50): 32 fits
        ConvergencePrediction p = ConvergencePrediction.of(50, 100, GIB, DEFAULTS);
        assertTrue(p.converges(), p::reason);
        assertEquals(Duration.ofMillis(10240 + 5120 + 2560 + 1280 + 640 + 320), p.expectedTime());
    }

    @Test
    void aGuestDirtyingFasterThanTheBandwidthDoesNotConvergeWithoutThrottling() {
        ConvergencePrediction p = ConvergencePrediction.of(150, 100, GIB, policy(false, DEFAULTS.completionTimeoutPerGiB()));
        assertFalse(p.converges());
        assertTrue(p.reason().contains("never shrinks"), p::reason);
        assertTrue(p.reason().contains("on-timeout aborts it"), p::reason);
    }

    @Test
    void aRateJustUnderTheBandwidthRunsIntoTheCompletionTimeout() {
        MigrationPolicy shortTimeout = policy(false, Duration.ofSeconds(20));
        ConvergencePrediction p = ConvergencePrediction.of(99, 100, GIB, shortTimeout);
        assertFalse(p.converges());
        assertTrue(p.reason().contains("completion timeout of 20 s"), p::reason);
        assertTrue(ConvergencePrediction.of(99, 100, GIB, policy(false, Duration.ofHours(1))).converges(), "given time enough it does");
    }

    @Test
    void autoConvergeThrottlesTheGuestUntilItConverges() {
        ConvergencePrediction p = ConvergencePrediction.of(300, 100, GIB, policy(true, Duration.ofSeconds(150)));
        assertTrue(p.converges(), p::reason);
        // 300 MiB/s needs the vCPUs below a third: 20%, then 10% more per pass, up to 70% or more
        assertTrue(p.throttlePercent() >= 70, p::reason);
        assertTrue(p.reason().contains("throttled to " + p.throttlePercent() + "%"), p::reason);
    }

    @Test
    void aWorkingSetThatFitsTheDowntimeConvergesEvenAboveTheBandwidth() {
        // a tiny VM: all of its 40 MiB fits 100 MiB/s x 500 ms
        assertTrue(ConvergencePrediction.of(10_000, 100, 40L << 20, DEFAULTS).converges());
    }

    @Test
    void aBandwidthBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConvergencePrediction.of(1, 0, GIB, DEFAULTS));
    }

    private static MigrationPolicy policy(boolean autoConverge, Duration completionPerGiB) {
        MigrationPolicy d = DEFAULTS;
        return new MigrationPolicy(d.downtimeSchedule(), d.downtimeRaiseDelay(), 0, autoConverge, d.autoConvergeInitial(),
                d.autoConvergeIncrement(), 1, completionPerGiB, d.progressTimeout(), d.onTimeout(), false);
    }

    /** The defaults throttle (auto-converge is on): the same guest converges, slowed, within the completion timeout. */
    @Test
    void underTheDefaultsTheSameGuestConvergesThrottled() {
        assertTrue(DEFAULTS.autoConverge());
        ConvergencePrediction p = ConvergencePrediction.of(150, 100, GIB, DEFAULTS);
        assertTrue(p.converges(), p::reason);
        assertTrue(p.reason().contains("vCPUs throttled"), p::reason);
    }

    @Test
    void theDefaultsSchedulesCapIsWhatFits() {
        assertEquals(List.of(100L, 150L, 200L, 300L, 400L, 500L), DEFAULTS.downtimeSchedule().stream().map(Duration::toMillis).toList());
    }
}
