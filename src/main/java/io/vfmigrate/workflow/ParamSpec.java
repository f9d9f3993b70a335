package io.vfmigrate.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One parameter a step type accepts in a workflow file. */
public record ParamSpec(String name, Kind kind, boolean required, Optional<Object> defaultValue, List<String> choices) {
    public enum Kind { DURATION, INT, TEXT, TEXT_LIST, CHOICE, CHOICE_LIST }

    public static ParamSpec duration(String name, Duration dflt) {
        return new ParamSpec(name, Kind.DURATION, false, Optional.of(dflt), List.of());
    }

    public static ParamSpec requiredDuration(String name) {
        return new ParamSpec(name, Kind.DURATION, true, Optional.empty(), List.of());
    }

    public static ParamSpec optionalDuration(String name) {
        return new ParamSpec(name, Kind.DURATION, false, Optional.empty(), List.of());
    }

    public static ParamSpec optionalInt(String name) {
        return new ParamSpec(name, Kind.INT, false, Optional.empty(), List.of());
    }

    public static ParamSpec integer(String name, int dflt) {
        return new ParamSpec(name, Kind.INT, false, Optional.of(dflt), List.of());
    }

    public static ParamSpec requiredTextList(String name) {
        return new ParamSpec(name, Kind.TEXT_LIST, true, Optional.empty(), List.of());
    }

    public static ParamSpec optionalChoice(String name, List<String> choices) {
        return new ParamSpec(name, Kind.CHOICE, false, Optional.empty(), choices);
    }

    public static ParamSpec choice(String name, List<String> choices, String dflt) {
        return new ParamSpec(name, Kind.CHOICE, false, Optional.of(dflt), choices);
    }

    public static ParamSpec choiceList(String name, List<String> choices, List<String> dflt) {
        return new ParamSpec(name, Kind.CHOICE_LIST, false, Optional.of(dflt), choices);
    }
}
