package io.vfmigrate.migration;

import io.vfmigrate.model.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys of a migration policy, each with its default and its documented range. The same table
 * checks the inventory ({@code defaults: migration:} and a host's {@code migration:}), the migrate
 * step's parameters and {@code --policy KEY=VALUE}.
 */
public enum PolicyKey {
    DOWNTIME_SCHEDULE("downtime-schedule", "100ms,150ms,200ms,300ms,400ms,500ms", "1..10 ascending durations of 1ms..60s"),
    DOWNTIME_RAISE_DELAY("downtime-raise-delay", "2s", "0ms..10m"),
    BANDWIDTH("bandwidth-mib-per-s", "0", "0..1048576 (0: libvirt's default, no limit)"),
    AUTO_CONVERGE("auto-converge", "yes", "yes|no"),
    AUTO_CONVERGE_INITIAL("auto-converge-initial", "20", "1..100 (% CPU throttle)"),
    AUTO_CONVERGE_INCREMENT("auto-converge-increment", "10", "1..100 (% CPU throttle)"),
    PARALLEL_CONNECTIONS("parallel-connections", "1", "1..64"),
    COMPLETION_TIMEOUT_PER_GIB("completion-timeout-per-gib", "150s", "1s..1h"),
    PROGRESS_TIMEOUT("progress-timeout", "150s", "1s..1h"),
    ON_TIMEOUT("on-timeout", "abort", "abort|force"),
    TLS("tls", "no", "yes|no"),
    DIRTY_RATE_PERIOD("dirty-rate-period", "1s", "1s..60s, whole seconds (how long the VM's dirty rate is measured before a move)"),
    EXPECTED_BANDWIDTH("expected-bandwidth-mib-per-s", "1000", "1..1048576 (the migration network's rate, for the convergence prediction)");

    private final String key;
    private final String defaultValue;
    private final String range;

    PolicyKey(String key, String defaultValue, String range) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.range = range;
    }

    public String key() { return key; }
    public String defaultValue() { return defaultValue; }
    public String range() { return range; }

    public static Optional<PolicyKey> named(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static List<String> names() { return Arrays.stream(values()).map(PolicyKey::key).toList(); }

    /** Throws IllegalArgumentException naming the key, the value and the range when the value is out of it. */
    public void check(String value) {
        try {
            switch (this) {
                case DOWNTIME_SCHEDULE -> schedule(value);
                case DOWNTIME_RAISE_DELAY -> duration(value, Duration.ZERO, Duration.ofMinutes(10));
                case BANDWIDTH -> integer(value, 0, 1_048_576);
                case AUTO_CONVERGE, TLS -> yesNo(value);
                case AUTO_CONVERGE_INITIAL, AUTO_CONVERGE_INCREMENT -> integer(value, 1, 100);
                case PARALLEL_CONNECTIONS -> integer(value, 1, 64);
                case COMPLETION_TIMEOUT_PER_GIB, PROGRESS_TIMEOUT -> duration(value, Duration.ofSeconds(1), Duration.ofHours(1));
                case ON_TIMEOUT -> onTimeout(value);
                case DIRTY_RATE_PERIOD -> wholeSeconds(value, 1, 60);
                case EXPECTED_BANDWIDTH -> integer(value, 1, 1_048_576);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not valid (" + range + ")");
        }
    }

    static List<Duration> schedule(String value) {
        List<Duration> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            Duration d = duration(part.trim(), Duration.ofMillis(1), Duration.ofSeconds(60));
            if (!out.isEmpty() && d.compareTo(out.get(out.size() - 1)) <= 0) throw new IllegalArgumentException("not ascending");
            out.add(d);
        }
        if (out.size() > 10) throw new IllegalArgumentException("too many");
        return out;
    }

    static Duration duration(String value, Duration min, Duration max) {
        Duration d = Durations.parse(value);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) throw new IllegalArgumentException("out of range");
        return d;
    }

    static Duration wholeSeconds(String value, int min, int max) {
        Duration d = duration(value, Duration.ofSeconds(min), Duration.ofSeconds(max));
        if (d.toMillis() % 1000 != 0) throw new IllegalArgumentException("not whole seconds");
        return d;
    }

    static int integer(String value, int min, int max) {
        if (!value.matches("\\d{1,9}")) throw new IllegalArgumentException("not a number");
        int n = Integer.parseInt(value);
        if (n < min || n > max) throw new IllegalArgumentException("out of range");
        return n;
    }

    static boolean yesNo(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException("not yes/no");
        };
    }

    static MigrationPolicy.OnTimeout onTimeout(String value) {
        return switch (value) {
            case "abort" -> MigrationPolicy.OnTimeout.ABORT;
            case "force" -> MigrationPolicy.OnTimeout.FORCE;
            default -> throw new IllegalArgumentException("not abort/force");
        };
    }
}
