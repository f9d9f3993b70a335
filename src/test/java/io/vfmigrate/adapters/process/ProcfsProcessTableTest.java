package io.vfmigrate.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.DeadHolders;
import io.vfmigrate.ports.Leases;
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
    void aMissingProcessHasNoStartTime() throws Exception {
        Files.createDirectories(proc.resolve("1"));
        Files.writeString(proc.resolve("1/stat"), "1 (init) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 1000 10\n");
        assertTrue(new ProcfsProcessTable(proc).startTime(12345).isEmpty());
        assertTrue(new ProcfsProcessTable(proc).startTime(0).isEmpty());
    }

    @Test
    void withOtherUsersProcessesHiddenAnAbsentPidProvesNothing() {
        // no /proc/1: mounted with hidepid
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new ProcfsProcessTable(proc).startTime(12345));
        assertTrue(e.getMessage().contains("hidepid"), e.getMessage());
        var dead = new DeadHolders("here", new ProcfsProcessTable(proc));
        assertTrue(!dead.isDead(new Leases.Holder("vm:x", "r", "here:12345:7", java.time.Instant.EPOCH, 1)),
                "a holder that cannot be judged is waited for");
    }
}
