package io.vfmigrate.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Raises the allowed downtime of a running migration step by step while it does not converge: one
 * step of the schedule per new memory iteration, never sooner than the minimum delay after the last
 * raise, and never past the schedule's last value (the cap). Pure: the caller gives the time.
 */
public final class DowntimeEscalation {
    private final List<Duration> schedule;
    private final Duration minDelay;
    private int index;
    private long raisedAtIteration;
    private Instant raisedAt;

    public DowntimeEscalation(List<Duration> schedule, Duration minDelay, Instant start) {
        if (schedule.isEmpty()) throw new IllegalArgumentException("empty downtime schedule");
        this.schedule = List.copyOf(schedule);
        this.minDelay = minDelay;
        this.raisedAt = start;
        this.raisedAtIteration = 1;
    }

    public static DowntimeEscalation of(MigrationPolicy policy, Instant start) {
        return new DowntimeEscalation(policy.downtimeSchedule(), policy.downtimeRaiseDelay(), start);
    }

    /** The downtime allowed now (the first value until a raise). */
    public Duration current() { return schedule.get(index); }

    /**
     * Given the job's memory iteration (1 is the first pass) at {@code now}: the next downtime to set on
     * the job when it is time to raise it, else empty.
     */
    public Optional<Duration> observe(Instant now, long iteration) {
        if (index == schedule.size() - 1) return Optional.empty();
        if (iteration <= raisedAtIteration) return Optional.empty();
        if (Duration.between(raisedAt, now).compareTo(minDelay) < 0) return Optional.empty();
        index++;
        raisedAt = now;
        raisedAtIteration = iteration;
        return Optional.of(schedule.get(index));
    }
}
