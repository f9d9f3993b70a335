package io.vfmigrate.cli;

import io.vfmigrate.model.TimedIds;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Run ids ({@link TimedIds}), never one this process already gave out in that second: the moves of an evacuation's
 * wave start within one second. Two coordinators sharing a store keep a small chance (about 1 in 60,000 per pair)
 * for runs they start in the same second.
 */
final class RunIds implements Supplier<String> {
    private final Clock clock;
    private final IntSupplier suffix;
    private long second = Long.MIN_VALUE;
    private final Set<String> given = new HashSet<>();

    RunIds(Clock clock) { this(clock, TimedIds.RANDOM_SUFFIX); }

    RunIds(Clock clock, IntSupplier suffix) {
        this.clock = clock;
        this.suffix = suffix;
    }

    @Override
    public synchronized String get() {
        Instant now = clock.instant();
        if (now.getEpochSecond() != second) {
            second = now.getEpochSecond();
            given.clear();
        }
        String id = TimedIds.fresh('r', now, given::contains, suffix);
        given.add(id);
        return id;
    }
}
