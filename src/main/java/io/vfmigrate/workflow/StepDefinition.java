package io.vfmigrate.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A step as a workflow file names it: its type and its validated, typed parameters. */
public record StepDefinition(String type, Map<String, Object> params) {
    public StepDefinition { params = Map.copyOf(params); }

    public Duration duration(String name) { return (Duration) required(name); }

    public Optional<Duration> optionalDuration(String name) { return Optional.ofNullable((Duration) params.get(name)); }

    public int integer(String name) { return (Integer) required(name); }

    public Optional<Integer> optionalInt(String name) { return Optional.ofNullable((Integer) params.get(name)); }

    public Optional<String> text(String name) { return Optional.ofNullable((String) params.get(name)); }

    @SuppressWarnings("unchecked")
    public List<String> textList(String name) { return (List<String>) required(name); }

    private Object required(String name) {
        Object v = params.get(name);
        if (v == null) throw new IllegalStateException("step " + type + " has no parameter " + name);
        return v;
    }
}
