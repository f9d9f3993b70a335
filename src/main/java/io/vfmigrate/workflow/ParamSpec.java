package io.vfmigrate.workflow;

import io.vfmigrate.model.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One parameter a step type accepts in a workflow file. A duration or a whole number has a range
 * ({@code min..max}, in milliseconds for a duration), checked when the workflow is loaded.
 */
public record ParamSpec(String name, Kind kind, boolean required, Optional<Object> defaultValue, List<String> choices, long min, long max) {
    public enum Kind { DURATION, INT, TEXT, TEXT_LIST, CHOICE, CHOICE_LIST }

    public ParamSpec {
        choices = List.copyOf(choices);
        if (min > max) throw new IllegalArgumentException("parameter " + name + ": range " + min + ".." + max + " is empty");
    }

    /** A duration's range. */
    public record Range(Duration min, Duration max) {
        public static Range of(Duration min, Duration max) { return new Range(min, max); }

        public boolean contains(Duration d) { return d.compareTo(min) >= 0 && d.compareTo(max) <= 0; }

        @Override public String toString() { return Durations.format(min) + ".." + Durations.format(max); }
    }

    public Range durationRange() { return new Range(Duration.ofMillis(min), Duration.ofMillis(max)); }

    public static ParamSpec duration(String name, Duration dflt, Range range) {
        return durationSpec(name, false, Optional.of(dflt), range);
    }

    public static ParamSpec requiredDuration(String name, Range range) {
        return durationSpec(name, true, Optional.empty(), range);
    }

    public static ParamSpec optionalDuration(String name, Range range) {
        return durationSpec(name, false, Optional.empty(), range);
    }

    public static ParamSpec optionalInt(String name, int min, int max) {
        return new ParamSpec(name, Kind.INT, false, Optional.empty(), List.of(), min, max);
    }

    public static ParamSpec integer(String name, int dflt, int min, int max) {
        return new ParamSpec(name, Kind.INT, false, Optional.of(dflt), List.of(), min, max);
    }

    public static ParamSpec requiredTextList(String name) {
        return new ParamSpec(name, Kind.TEXT_LIST, true, Optional.empty(), List.of(), 0, 0);
    }

    public static ParamSpec optionalChoice(String name, List<String> choices) {
        return new ParamSpec(name, Kind.CHOICE, false, Optional.empty(), choices, 0, 0);
    }

    public static ParamSpec choice(String name, List<String> choices, String dflt) {
        return new ParamSpec(name, Kind.CHOICE, false, Optional.of(dflt), choices, 0, 0);
    }

    public static ParamSpec choiceList(String name, List<String> choices, List<String> dflt) {
        return new ParamSpec(name, Kind.CHOICE_LIST, false, Optional.of(dflt), choices, 0, 0);
    }

    private static ParamSpec durationSpec(String name, boolean required, Optional<Object> dflt, Range range) {
        dflt.ifPresent(d -> {
            if (!range.contains((Duration) d)) throw new IllegalArgumentException("parameter " + name + ": default outside " + range);
        });
        return new ParamSpec(name, Kind.DURATION, required, dflt, List.of(), range.min().toMillis(), range.max().toMillis());
    }
}
