package io.vfmigrate.adapters.scheduler;

import com.github.kagkarlsson.shaded.cronutils.model.CronType;
import com.github.kagkarlsson.shaded.cronutils.model.definition.CronDefinition;
import com.github.kagkarlsson.shaded.cronutils.model.definition.CronDefinitionBuilder;
import com.github.kagkarlsson.shaded.cronutils.model.time.ExecutionTime;
import com.github.kagkarlsson.shaded.cronutils.parser.CronParser;
import io.vfmigrate.ports.CronRules;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Cron as db-scheduler reads it in its UNIX style (cron-utils' definition of crontab(5)): five fields,
 * minute hour day-of-month month day-of-week; lists, ranges, steps, names (JAN, SUN); day-of-week 0-7
 * with 0 and 7 Sunday; a day given in both day fields matches either, as in Vixie cron.
 * Asked of the cron-utils that db-scheduler ships rather than of its CronSchedule, which answers an
 * expression that matches no date (0 0 31 2 *) with a far-future time and logs an error each time.
 */
public final class UnixCronRules implements CronRules {
    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

    public void check(String expression) { parse(expression); }

    public Optional<Instant> next(String expression, ZoneId zone, Instant after) {
        return parse(expression).nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant)
                .filter(next -> next.isAfter(after));
    }

    private static ExecutionTime parse(String expression) {
        String e = expression.trim();
        if (e.split("\\s+").length != 5) {
            throw new IllegalArgumentException("cron expression '" + expression + "' must have five fields (minute hour day-of-month month day-of-week)");
        }
        try {
            return ExecutionTime.forCron(new CronParser(UNIX).parse(e));
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("cron expression '" + expression + "' is not valid: " + ex.getMessage());
        }
    }
}
