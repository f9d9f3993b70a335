package io.vfmigrate.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.MigrationProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    @Test
    void progressLinesKeepEachStepsOutcomeOnTheStepsOwnLine() {
        StringWriter text = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(text), true);
        RunRecord run = new RunRecord("r1", "vm1", "a", "b", "w", Map.of(), RunState.RUNNING, "c", Instant.EPOCH, Instant.EPOCH);
        p.stepStarted(run, 4, "migrate");
        p.progress(new MigrationProgress(1000, 0, 1 << 20, 1 << 20, 1, 1 << 20, 0), Duration.ofMillis(100));
        p.stepSucceeded(run, 4, "migrate", Duration.ofMillis(2300), Map.of());
        String[] lines = text.toString().split("\n");
        assertEquals(3, lines.length, text::toString);
        assertEquals("    migrating:  50% 1.0 MiB sent, 1.0 MiB left, 1.0 MiB/s, dirty 0.0 MiB/s, iteration 1, downtime allowed 100 ms", lines[1]);
        assertEquals(String.format("  step 5 %-28s ... ok (2300 ms)", "migrate"), lines[2]);
    }
}
