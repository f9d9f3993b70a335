package io.vfmigrate.fakes;

import io.vfmigrate.ports.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when something sleeps on it. */
public final class FakeClock extends Clock implements Sleeper {
    private Instant now = Instant.parse("2026-11-24T12:00:00Z");
    public Duration slept = Duration.ZERO;

    public ZoneId getZone() { return ZoneOffset.UTC; }
    public Clock withZone(ZoneId zone) { return this; }
    public synchronized Instant instant() { return now; }

    public synchronized void sleep(Duration d) {
        now = now.plus(d);
        slept = slept.plus(d);
    }
}
