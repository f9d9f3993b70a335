package io.vfmigrate.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcfsProcessTableTest {
    @TempDir Path proc;

    @Test
    void theStartTimeIsField22CountedAfterTheCommandName() throws Exception {
        Files.createDirectories(proc.resolve("77"));
        // a command name with spaces and ')' must not shift the fields
        Files.writeString(proc.resolve("77/stat"),
                "77 (evil) 1 2 3) S 1 77 77 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615\n");
        assertEquals(OptionalLong.of(987654), new ProcfsProcessTable(proc).startTime(77));
    }

    @Test
    void aMissingProcessHasNoStartTime() {
        assertTrue(new ProcfsProcessTable(proc).startTime(12345).isEmpty());
        assertTrue(new ProcfsProcessTable(proc).startTime(0).isEmpty());
    }
}
