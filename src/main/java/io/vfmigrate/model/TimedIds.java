package io.vfmigrate.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Ids of runs and schedules, {@code LYYYYMMDD-HHMMSS-xxxx}: a letter, the UTC second and a random suffix. Two made
 * within one second differ only by the suffix, and one drawn twice (about 1 in 60,000 per pair) would break the
 * store's primary key: a suffix whose id is taken is drawn again.
 */
public final class TimedIds {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    public static final IntSupplier RANDOM_SUFFIX = () -> ThreadLocalRandom.current().nextInt(0x1000, 0x10000);

    private TimedIds() {}

    public static String fresh(char letter, Instant now, Predicate<String> taken, IntSupplier suffix) {
        String second = letter + SECOND.format(now) + "-";
        for (int i = 0; i < 100; i++) {
            String id = second + Integer.toHexString(suffix.getAsInt());
            if (!taken.test(id)) return id;
        }
        throw new IllegalStateException("no free id for " + second + "xxxx after 100 tries");
    }
}
