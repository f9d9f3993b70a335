package io.vfmigrate.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides when a migration has run too long: past its completion timeout (scaled by the VM's memory),
 * or without the remaining data decreasing for the progress timeout. Pure: the caller gives the time.
 */
public final class ConvergenceWatch {
    /** Why the migration is stopped or forced. */
    public enum Expiry { COMPLETION_TIMEOUT, PROGRESS_TIMEOUT }

    private final Instant start;
    private final Duration completionTimeout;
    private final Duration progressTimeout;
    private long lowestRemaining = Long.MAX_VALUE;
    private Instant lastDecrease;

    public ConvergenceWatch(Instant start, Duration completionTimeout, Duration progressTimeout) {
        this.start = start;
        this.completionTimeout = completionTimeout;
        this.progressTimeout = progressTimeout;
        this.lastDecrease = start;
    }

    public static ConvergenceWatch of(MigrationPolicy policy, long memoryBytes, Instant start) {
        return new ConvergenceWatch(start, policy.completionTimeout(memoryBytes), policy.progressTimeout());
    }

    public Duration completionTimeout() { return completionTimeout; }

    /** Records the remaining data seen at {@code now} (when known) and says whether a timeout expired. */
    public Optional<Expiry> observe(Instant now, Optional<Long> remainingBytes) {
        remainingBytes.filter(r -> r < lowestRemaining).ifPresent(r -> {
            lowestRemaining = r;
            lastDecrease = now;
        });
        if (Duration.between(start, now).compareTo(completionTimeout) >= 0) return Optional.of(Expiry.COMPLETION_TIMEOUT);
        if (Duration.between(lastDecrease, now).compareTo(progressTimeout) >= 0) return Optional.of(Expiry.PROGRESS_TIMEOUT);
        return Optional.empty();
    }

    public String describe(Expiry expiry) {
        return switch (expiry) {
            case COMPLETION_TIMEOUT -> "completion timeout of " + completionTimeout.toMillis() + " ms";
            case PROGRESS_TIMEOUT -> "no progress of the remaining data for " + progressTimeout.toMillis() + " ms";
        };
    }
}
