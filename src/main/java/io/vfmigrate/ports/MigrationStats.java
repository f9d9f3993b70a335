package io.vfmigrate.ports;

import java.time.Duration;

/**
 * What a completed migration job reports (libvirt's completed job statistics) and what the
 * coordinator set on it: the downtime allowed last, and whether it forced (paused) the VM; {@code throttlePercent} the
 * highest vCPU throttle auto-converge reached (0: none).
 * Post-copy is never enabled, so {@code postCopy} is false unless the hypervisor says otherwise.
 */
public record MigrationStats(long totalMillis, long downtimeMillis, long memoryTransferredBytes, long iterations,
                             Duration finalAllowedDowntime, boolean postCopy, boolean forced, int throttlePercent) {
    public MigrationStats(long totalMillis, long downtimeMillis, long memoryTransferredBytes, long iterations,
                          Duration finalAllowedDowntime, boolean postCopy, boolean forced) {
        this(totalMillis, downtimeMillis, memoryTransferredBytes, iterations, finalAllowedDowntime, postCopy, forced, 0);
    }

    /** The same, with the highest vCPU throttle auto-converge reached (read while the job ran, or in its statistics). */
    public MigrationStats withThrottle(int percent) {
        return new MigrationStats(totalMillis, downtimeMillis, memoryTransferredBytes, iterations, finalAllowedDowntime, postCopy, forced,
                Math.max(throttlePercent, percent));
    }
}
