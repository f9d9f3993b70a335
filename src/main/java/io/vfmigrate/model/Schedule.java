package io.vfmigrate.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * A scheduled evacuation as the store keeps it: when ({@code at} an instant, or a five-field cron
 * expression read in {@code zone}), how long its window is, the evacuate options (as the evacuation
 * record keeps them), and what its last run did. {@code running} is the planned time of a run that a
 * {@code serve} started and did not finish (it died, or stopped): the next pick-up resumes it.
 */
public record Schedule(String id, String host, Timing timing, Optional<Duration> window, Map<String, String> options,
                       Instant created, String createdBy, Optional<LastRun> last, Optional<Instant> running) {
    public Schedule {
        options = Map.copyOf(options);
        if (window.isPresent() && (window.get().isNegative() || window.get().isZero())) {
            throw new IllegalArgumentException("schedule " + id + ": a window must be positive, not " + window.get());
        }
    }

    public enum Kind { AT, CRON }

    /** {@code expression}: an ISO-8601 instant for AT, the five cron fields for CRON. */
    public record Timing(Kind kind, String expression, ZoneId zone) {}

    /** The last run: when it was due, the evacuation it made (for `show`) and its result. */
    public record LastRun(Instant planned, Optional<String> evacuation, String result) {}
}
