package io.vfmigrate.migration;

import java.time.Duration;
import java.util.List;

/**
 * How a live migration is driven to convergence, or stopped. Post-copy is not offered: a post-copy
 * failure leaves the VM paused on both hosts, which no compensation can undo. {@code tls}: the migration
 * stream goes over QEMU's native TLS (libvirt's VIR_MIGRATE_TLS), with the hosts' QEMU certificates.
 */
public record MigrationPolicy(List<Duration> downtimeSchedule, Duration downtimeRaiseDelay, long bandwidthMiBps,
                              boolean autoConverge, int autoConvergeInitial, int autoConvergeIncrement,
                              int parallelConnections, Duration completionTimeoutPerGiB, Duration progressTimeout,
                              OnTimeout onTimeout, boolean tls) {
    public enum OnTimeout { ABORT, FORCE }

    private static final long GIB = 1L << 30;

    public MigrationPolicy {
        downtimeSchedule = List.copyOf(downtimeSchedule);
        if (downtimeSchedule.isEmpty()) throw new IllegalArgumentException("a downtime schedule needs at least one value");
    }

    /** Every key at its default. */
    public static MigrationPolicy defaults() { return PolicyLayers.resolve(List.of()).policy(); }

    /** The completion timeout for a VM of this much memory: the per-GiB value scaled, at least one second. */
    public Duration completionTimeout(long memoryBytes) {
        long millis = Math.max(1000, (long) ((double) completionTimeoutPerGiB.toMillis() * memoryBytes / GIB));
        return Duration.ofMillis(millis);
    }

    public Duration initialDowntime() { return downtimeSchedule.get(0); }

    public Duration downtimeCap() { return downtimeSchedule.get(downtimeSchedule.size() - 1); }
}
