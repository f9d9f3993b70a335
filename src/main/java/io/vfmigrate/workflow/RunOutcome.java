package io.vfmigrate.workflow;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.util.List;
import java.util.Optional;

/** How a run ended: its record, the failure that turned it (if any), failed undos, and what is left. */
public record RunOutcome(RunRecord run, Optional<Failure> cause, List<Failure> compensationFailures, List<String> leftovers) {
    public RunOutcome {
        compensationFailures = List.copyOf(compensationFailures);
        leftovers = List.copyOf(leftovers);
        if (run.state() == RunState.SUCCEEDED && cause.isPresent()) throw new IllegalArgumentException("a succeeded run has no cause");
        if (run.state() == RunState.COMPENSATED && cause.isEmpty()) throw new IllegalArgumentException("a compensated run needs its cause");
    }

    public RunState state() { return run.state(); }
}
