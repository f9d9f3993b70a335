package io.vfmigrate.ports;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Cron expressions (five fields) read in a time zone. */
public interface CronRules {
    /** @throws IllegalArgumentException naming what is wrong with the expression */
    void check(String expression);

    /** The first time strictly after {@code after} that matches, if any. */
    Optional<Instant> next(String expression, ZoneId zone, Instant after);
}
