package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vfmigrate.ports.MigrationProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final long MIB = 1 << 20;

    @Test
    void theBarNeverRunsBackwardsWhenANewIterationStarts() {
        ProgressLine line = new ProgressLine();
        assertEquals("[#####     ]  50%", line.bar(new MigrationProgress(1000, 0, 100 * MIB, 100 * MIB, 1, 50 * MIB, 0), 10));
        // iteration 2: the dirty pages make the remaining data grow again
        assertEquals("[#####     ]  50%", line.bar(new MigrationProgress(2000, 0, 120 * MIB, 200 * MIB, 2, 50 * MIB, 0), 10));
        assertEquals("[########  ]  80%", line.bar(new MigrationProgress(3000, 0, 400 * MIB, 100 * MIB, 2, 50 * MIB, 0), 10));
    }

    @Test
    void theFiguresAreMemoryRateDirtyRateIterationAndDowntime() {
        String text = new ProgressLine().text(new MigrationProgress(1000, 0, 10 * MIB, 5 * MIB, 3, 2 * MIB, 4096 * 256), Duration.ofMillis(150));
        assertEquals("10.0 MiB sent, 5.0 MiB left, 2.0 MiB/s, dirty 1.0 MiB/s, iteration 3, downtime allowed 150 ms", text);
        assertFalse(text.contains("\u001b"));
    }

    @Test
    void autoConvergesThrottleIsShownOnceItSlowsTheGuest() {
        String text = new ProgressLine().text(new MigrationProgress(1000, 0, 10 * MIB, 5 * MIB, 3, 2 * MIB, 4096 * 256, 30), Duration.ofMillis(150));
        assertEquals("10.0 MiB sent, 5.0 MiB left, 2.0 MiB/s, dirty 1.0 MiB/s, iteration 3, downtime allowed 150 ms, vCPUs throttled 30%", text);
    }
}
