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

    /**
     * How long opening a connection may take: as long as keepalive lets a silent connection live, at least 5 s (a TLS or
     * SSH handshake with a busy host). libvirt itself has no such limit: a connect into a black hole waits for TCP's own
     * timeout, about two minutes.
     */
    public Duration connectTimeout() {
        return atLeast(Duration.ofSeconds(5));
    }

    /**
     * How long a call that answers at once when the host is well (a read of a migration's progress) may go unanswered
     * before its connection counts as lost: as long as keepalive lets a silent connection live, at least 10 s (libvirt
     * holds such a read while a migration switches over: 0.4-1.4 s measured on the lab).
     */
    public Duration answerTimeout() {
        return atLeast(Duration.ofSeconds(10));
    }

    private Duration atLeast(Duration least) {
        Duration detection = on() ? detectionTime() : DEFAULT.detectionTime();
        return detection.compareTo(least) < 0 ? least : detection;
    }

    @Override public String toString() { return on() ? Durations.format(interval) + " x " + count : "off"; }
}
