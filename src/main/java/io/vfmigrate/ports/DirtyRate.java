package io.vfmigrate.ports;

import java.time.Duration;

/**
 * A finished measurement of how fast a running VM dirties its memory, as the hypervisor's dirty-rate calculation
 * reports it (QEMU samples pages and sees which changed over {@code period}): what a live migration has to send again.
 */
public record DirtyRate(long mibPerSecond, Duration period) {
    public DirtyRate {
        if (mibPerSecond < 0) throw new IllegalArgumentException("a dirty rate of " + mibPerSecond + " MiB/s");
    }
}
