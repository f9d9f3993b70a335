package io.vfmigrate.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The range of a number or duration option, both ends included, written as on the command line
 * ({@code "1"}, {@code "64"}; {@code "1s"}, {@code "7d"}). {@link OptionBounds} checks it once the command
 * line is parsed, before the command runs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Bounds {
    String min();

    String max();
}
