package io.vfmigrate.cli;

import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Printable;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Checks the options given with a {@link Bounds} on every command of the command line, once it is
 * parsed and before anything runs: a value out of range is a usage error naming the option, the
 * value and the range.
 */
final class OptionBounds {
    private OptionBounds() {}

    static void check(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (OptionSpec option : p.matchedOptions()) {
                Bounds bounds = of(option);
                Object value = option.getValue();
                if (bounds == null || value == null || within(value, bounds)) continue;
                List<String> given = option.originalStringValues();
                String text = given.isEmpty() ? String.valueOf(value) : given.get(given.size() - 1);
                throw new ParameterException(p.commandSpec().commandLine(), "Invalid value for option '" + option.longestName() + "': "
                        + Printable.quote(text) + " is out of range " + bounds.min() + ".." + bounds.max(), option, text);
            }
        }
    }

    /** The bounds declared on the option's field, if any. */
    static Bounds of(OptionSpec option) {
        return option.userObject() instanceof Field f ? f.getAnnotation(Bounds.class) : null;
    }

    static boolean within(Object value, Bounds b) {
        if (value instanceof Duration d) return d.compareTo(Durations.parse(b.min())) >= 0 && d.compareTo(Durations.parse(b.max())) <= 0;
        if (value instanceof Number n) return n.longValue() >= Long.parseLong(b.min()) && n.longValue() <= Long.parseLong(b.max());
        throw new IllegalStateException("@Bounds on an option of type " + value.getClass().getSimpleName() + ": only numbers and durations have a range");
    }
}
