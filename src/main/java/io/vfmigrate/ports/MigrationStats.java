package io.vfmigrate.ports;

import java.time.Duration;

/**
 * What a completed migration job reports (libvirt's completed job statistics) and what the
 * coordinator set on it: the downtime allowed last, and whether it forced (paused) the VM.
 * Post-copy is never enabled, so {@code postCopy} is false unless the hypervisor says otherwise.
 */
public record MigrationStats(long totalMillis, long downtimeMillis, long memoryTransferredBytes, long iterations,
                             Duration finalAllowedDowntime, boolean postCopy, boolean forced) {}
