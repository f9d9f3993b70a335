package io.vfmigrate.app.schedule;

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
        Optional<Instant> next = cron.next(t.expression(), t.zone(), after);
        return Optional.ofNullable(skippedByDst(t, after, next.orElse(after.plus(java.time.Duration.ofDays(400))))).or(() -> next);
    }

    /**
     * A local time that the clocks skip (spring forward: 02:30 in a zone that jumps from 02:00 to 03:00)
     * matches nothing in the cron library, so the night's run would be lost; like Vixie cron, it runs at
     * the moment of the jump instead. Null when no gap before {@code until} hides a matching time.
     */
    private Instant skippedByDst(Schedule.Timing t, Instant after, Instant until) {
        java.time.zone.ZoneRules rules = t.zone().getRules();
        for (java.time.zone.ZoneOffsetTransition gap = rules.nextTransition(after); gap != null && gap.getInstant().isBefore(until);
             gap = rules.nextTransition(gap.getInstant())) {
            if (!gap.isGap()) continue;
            // the missing local times, read as if they were UTC, asked of the same rule
            Instant from = gap.getDateTimeBefore().toInstant(java.time.ZoneOffset.UTC).minusNanos(1);
            Instant to = gap.getDateTimeAfter().toInstant(java.time.ZoneOffset.UTC);
            Optional<Instant> hidden = cron.next(t.expression(), java.time.ZoneOffset.UTC, from);
            if (hidden.isPresent() && hidden.get().isBefore(to)) return gap.getInstant();
        }
        return null;
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
