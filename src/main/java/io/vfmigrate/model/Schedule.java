package io.vfmigrate.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * A scheduled evacuation or rolling maintenance as the store keeps it: what it runs ({@code host} is the host an
 * evacuation empties, empty for a rolling), when ({@code at} an instant, or a five-field cron expression read in
 * {@code zone}), how long its window is, its options (as the evacuation's or the rolling's record keeps them), and what
 * its last run did. {@code running} is the planned time of a run that a {@code serve} started and did not finish (it
 * died, or stopped): the next pick-up resumes it.
 */
public record Schedule(String id, Action action, String host, Timing timing, Optional<Duration> window, Map<String, String> options,
                       Instant created, String createdBy, Optional<LastRun> last, Optional<Instant> running) {
    public Schedule {
        options = Map.copyOf(options);
        if (window.isPresent() && (window.get().isNegative() || window.get().isZero())) {
            throw new IllegalArgumentException("schedule " + id + ": a window must be positive, not " + window.get());
        }
        if ((action == Action.EVACUATE) == host.isEmpty()) {
            throw new IllegalArgumentException("schedule " + id + ": an evacuation names its host, a rolling none (" + action + ", host '" + host + "')");
        }
    }

    /** What a run does: evacuate the host, or a rolling maintenance over the hosts of its options. */
    public enum Action {
        EVACUATE("evacuate"), ROLLING("rolling");

        private final String label;

        Action(String label) { this.label = label; }

        /** As the store keeps it, and `schedule list` shows it. */
        public String label() { return label; }

        public static Action of(String label) {
            for (Action a : values()) if (a.label.equals(label)) return a;
            throw new IllegalArgumentException("unknown schedule action '" + label + "'");
        }
    }

    public enum Kind { AT, CRON }

    /** {@code expression}: an ISO-8601 instant for AT, the five cron fields for CRON. */
    public record Timing(Kind kind, String expression, ZoneId zone) {}

    /** The last run: when it was due, the record it made (an evacuation, or a rolling, for `show`) and its result. */
    public record LastRun(Instant planned, Optional<String> run, String result) {}

    /** The same schedule, its run started (or picked up again) or ended. */
    public Schedule with(Optional<LastRun> last, Optional<Instant> running) {
        return new Schedule(id, action, host, timing, window, options, created, createdBy, last, running);
    }
}
