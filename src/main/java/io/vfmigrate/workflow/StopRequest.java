package io.vfmigrate.workflow;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether the operator asked the runs to stop (a first SIGINT or SIGTERM), and what asked it, for the
 * lines that say why something stopped ("stopped by SIGTERM").
 */
@FunctionalInterface
public interface StopRequest extends BooleanSupplier {
    /** What asked to stop ("SIGTERM", "SIGINT"); "a signal" when not known. Meaningful once a stop was asked. */
    default String by() { return "a signal"; }

    /** Asked when {@code asked} says so, by what {@code by} names. */
    static StopRequest of(BooleanSupplier asked, Supplier<String> by) {
        return new StopRequest() {
            @Override public boolean getAsBoolean() { return asked.getAsBoolean(); }

            @Override public String by() { return by.get(); }
        };
    }
}
