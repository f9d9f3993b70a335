package io.vfmigrate.adapters.agent;

import io.vfmigrate.ports.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when someone sleeps on it. */
final class FakeTime extends Clock implements Sleeper {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
    }

    List<Duration> sleeps() { return List.copyOf(sleeps); }

    Duration slept() { return sleeps.stream().reduce(Duration.ZERO, Duration::plus); }

    @Override public Instant instant() { return now; }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { return this; }
}
