package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

class LogSetupTest {
    @TempDir Path dir;

    @Test
    void theLogFilesAreTheOwnersOnlyThroughTheirRotations() throws Exception {
        Path logs = dir.resolve("state/logs");
        var handler = new LogSetup.OwnerOnlyFileHandler(logs, 200, 3);
        try {
            handler.setFormatter(new LogSetup.OneLine());
            for (int i = 0; i < 20; i++) handler.publish(new LogRecord(Level.INFO, "event " + i + " of a run, long enough to rotate soon"));
            handler.flush();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(logs)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(logs.getParent())));
            List<Path> files;
            try (var list = Files.list(logs)) {
                files = list.sorted().toList();
            }
            assertEquals(List.of("vfmigrate.0.log", "vfmigrate.0.log.lck", "vfmigrate.1.log", "vfmigrate.2.log"),
                    files.stream().map(f -> f.getFileName().toString()).toList(), "rotated");
            for (Path f : files) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f::toString);
            }
        } finally {
            handler.close();
        }
    }
    @Test
    void oneLinePerEventWithTheRunAndTheVmOfTheMdc() {
        LogRecord r = new LogRecord(Level.INFO, "step {0} started\nsecond line");
        r.setParameters(new Object[] {"migrate"});
        r.setLoggerName("io.vfmigrate.run");
        try (var run = MDC.putCloseable("run", "r1"); var vm = MDC.putCloseable("vm", "vm1")) {
            String line = new LogSetup.OneLine().format(r);
            assertTrue(line.endsWith(" INFO [run=r1 vm=vm1] io.vfmigrate.run: step migrate started\\x0asecond line" + System.lineSeparator()), line);
            assertEquals(1, line.strip().split("\n").length);
        }
        assertTrue(!new LogSetup.OneLine().format(r).contains("[run="), "no run outside a run");
    }

    @Test
    void levelsByName() {
        assertEquals(Level.INFO, LogSetup.level("info"));
        assertEquals(Level.WARNING, LogSetup.level(null));
        assertEquals(Level.SEVERE, LogSetup.level("ERROR"));
    }
}
