package io.vfmigrate.cli;

import io.vfmigrate.model.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every duration option, in the form of workflow files ({@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h},
 * {@code 7d}); picocli puts the option's name before the message.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override public Duration convert(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
