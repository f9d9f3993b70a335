package io.vfmigrate.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The values of {@code --inventory}, {@code --workflows} and {@code --state}: an empty one (a unit's
 * {@code --state ${VFMIGRATE_STATE}} with the variable unset) is refused, never taken for the default.
 */
final class NonEmptyValue {
    private NonEmptyValue() {}

    static final class Text implements ITypeConverter<String> {
        @Override public String convert(String value) { return nonEmpty(value); }
    }

    static final class PathName implements ITypeConverter<Path> {
        @Override public Path convert(String value) {
            try {
                return Path.of(nonEmpty(value));
            } catch (InvalidPathException e) {
                throw new TypeConversionException("not a valid path: " + e.getReason());
            }
        }
    }

    private static String nonEmpty(String value) {
        if (value.isBlank()) throw new TypeConversionException("empty (an unset variable?); give a value, or leave the option out for its default");
        return value;
    }
}
