package io.vfmigrate.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A run as the journal holds it. */
public record RunRecord(String id, String vm, String source, String destination, String workflow,
                        Map<String, String> params, RunState state, String coordinator,
                        Instant created, Instant updated) {
    public RunRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(state, "state");
        params = Map.copyOf(params);
    }

    public RunRecord withState(RunState next, Instant at) {
        return new RunRecord(id, vm, source, destination, workflow, params, state.checkedMoveTo(next), coordinator, created, at);
    }

    @Override public String toString() { return id + " " + vm + " " + source + "->" + destination + " [" + state + "]"; }
}
