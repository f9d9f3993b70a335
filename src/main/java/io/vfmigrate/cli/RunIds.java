package io.vfmigrate.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Run ids, {@code rYYYYMMDD-HHMMSS-xxxx}: the second and a random suffix, never one this process already gave out in
 * that second. The moves of an evacuation's wave start within one second, and a suffix drawn twice (about 1 in
 * 60,000 per pair) would fail the second run's journal entry on the store's primary key. Two coordinators sharing
 * a store keep that small chance for runs they start in the same second.
 */
final class RunIds implements Supplier<String> {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final IntSupplier suffix;
    private String second = "";
    private final Set<String> given = new HashSet<>();

    RunIds(Clock clock) { this(clock, () -> ThreadLocalRandom.current().nextInt(0x1000, 0x10000)); }

    RunIds(Clock clock, IntSupplier suffix) {
        this.clock = clock;
        this.suffix = suffix;
    }

    @Override
    public synchronized String get() {
        Instant now = clock.instant();
        String s = "r" + SECOND.format(now) + "-";
        if (!s.equals(second)) {
            second = s;
            given.clear();
        }
        for (int i = 0; i < 100; i++) {
            String id = s + Integer.toHexString(suffix.getAsInt());
            if (given.add(id)) return id;
        }
        throw new IllegalStateException("no free run id for " + now + " after 100 tries");
    }
}
