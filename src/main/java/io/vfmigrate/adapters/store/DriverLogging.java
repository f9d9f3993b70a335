package io.vfmigrate.adapters.store;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PostgreSQL driver logs through java.util.logging, and some of its warnings quote the whole
 * connection URL, password included (an invalid port, a malformed URL). Routing them through SLF4J
 * would still print them at warn level, so they are switched off: every connection failure reaches
 * the user anyway, as an exception whose message vfmigrate redacts.
 */
final class DriverLogging {
    /** java.util.logging holds loggers weakly: without this reference the level could be lost. */
    private static final Logger PGJDBC = Logger.getLogger("org.postgresql");

    static {
        PGJDBC.setLevel(Level.OFF);
    }

    private DriverLogging() {}

    /** Loads this class, whose initializer does the work, before any driver is asked anything. */
    static void silence() {
        if (PGJDBC.getLevel() != Level.OFF) PGJDBC.setLevel(Level.OFF);
    }
}
