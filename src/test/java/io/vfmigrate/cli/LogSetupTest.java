package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogSetupTest {
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
