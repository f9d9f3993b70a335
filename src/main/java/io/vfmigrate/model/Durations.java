package io.vfmigrate.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "250ms", "30s", "2m", "1h", "7d": the only duration forms workflow files and options take. */
public final class Durations {
    /** The units, for messages. */
    public static final String UNITS = "ms, s, m, h, d";
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + Printable.quote(text) + " (a whole number and a unit: " + UNITS
                    + "; e.g. 250ms, 30s, 2m, 7d)");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofDays(v);
        };
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0 && ms > 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
