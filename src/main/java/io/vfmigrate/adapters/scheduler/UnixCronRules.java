package io.vfmigrate.adapters.scheduler;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import com.github.kagkarlsson.scheduler.task.schedule.CronStyle;
import io.vfmigrate.ports.CronRules;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Cron as db-scheduler reads it in its UNIX style (cron-utils' definition of crontab(5)): five fields,
 * minute hour day-of-month month day-of-week; lists, ranges, steps, names (JAN, SUN); day-of-week 0-7
 * with 0 and 7 Sunday; a day given in both day fields matches either, as in Vixie cron.
 */
public final class UnixCronRules implements CronRules {
    public void check(String expression) { parse(expression, ZoneId.of("UTC")); }

    public Optional<Instant> next(String expression, ZoneId zone, Instant after) {
        Instant next = parse(expression, zone).getNextExecutionTime(ExecutionComplete.simulatedSuccess(after));
        return next == null || next.equals(Instant.MAX) || !next.isAfter(after) ? Optional.empty() : Optional.of(next);
    }

    private static CronSchedule parse(String expression, ZoneId zone) {
        String e = expression.trim();
        if (e.split("\\s+").length != 5) {
            throw new IllegalArgumentException("cron expression '" + expression + "' must have five fields (minute hour day-of-month month day-of-week)");
        }
        try {
            return new CronSchedule(e, zone, CronStyle.UNIX);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("cron expression '" + expression + "' is not valid: " + ex.getMessage());
        }
    }
}
