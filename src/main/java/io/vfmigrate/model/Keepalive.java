package io.vfmigrate.model;

import java.time.Duration;

/**
 * libvirt's keepalive on each connection (docs/inventory.md, {@code defaults.keepalive-interval} and
 * {@code keepalive-count}): a probe every {@code interval} while the connection is idle, and the connection
 * counts as dead after {@code count} probes without an answer. A zero interval turns it off.
 */
public record Keepalive(Duration interval, int count) {
    public static final Duration MAX_INTERVAL = Duration.ofMinutes(10);
    public static final int MAX_COUNT = 100;
    public static final Keepalive DEFAULT = new Keepalive(Duration.ofSeconds(5), 3);
    public static final Keepalive OFF = new Keepalive(Duration.ZERO, DEFAULT.count());

    public Keepalive {
        if (interval.isNegative() || interval.compareTo(MAX_INTERVAL) > 0 || interval.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("keepalive interval " + Durations.format(interval) + " is not whole seconds in 0s.."
                    + Durations.format(MAX_INTERVAL) + " (libvirt counts it in seconds; 0s turns keepalive off)");
        }
        if (count < 1 || count > MAX_COUNT) throw new IllegalArgumentException("keepalive count " + count + " out of range 1.." + MAX_COUNT);
    }

    public boolean on() { return !interval.isZero(); }

    /** How long a dead peer goes unnoticed at most: the probes and the wait for the last one's answer. */
    public Duration detectionTime() { return interval.multipliedBy(count + 1L); }

    @Override public String toString() { return on() ? Durations.format(interval) + " x " + count : "off"; }
}
