package io.vfmigrate.app;

import io.vfmigrate.model.Schedule;
import io.vfmigrate.ports.CronRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** When a schedule runs next: pure, on any clock. */
public final class ScheduleTimes {
    private final CronRules cron;

    public ScheduleTimes(CronRules cron) { this.cron = cron; }

    /** The first run strictly after {@code after}; an AT schedule runs once, at its time. */
    public Optional<Instant> next(Schedule.Timing t, Instant after) {
        if (t.kind() == Schedule.Kind.AT) {
            Instant at = Instant.parse(t.expression());
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
        return cron.next(t.expression(), t.zone(), after);
    }

    /** Up to {@code n} runs after {@code after}. */
    public List<Instant> next(Schedule.Timing t, Instant after, int n) {
        List<Instant> out = new ArrayList<>();
        Instant from = after;
        for (int i = 0; i < n; i++) {
            Optional<Instant> next = next(t, from);
            if (next.isEmpty()) break;
            out.add(next.get());
            from = next.get();
        }
        return out;
    }

    /** The end of a run's window: no new VM move starts after it. */
    public static Optional<Instant> windowEnd(Schedule s, Instant planned) { return s.window().map(planned::plus); }
}
