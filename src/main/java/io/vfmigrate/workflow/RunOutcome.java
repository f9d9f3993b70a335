package io.vfmigrate.workflow;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a run ended: its record, the failure that turned it (if any), failed undos, and what is left;
 * {@code journalLag} when the state store failed and the journal lacks the end of the run, and
 * {@code secondaryErrors}: what failed after the run's end (releasing a move slot, a lease), reported
 * after the outcome, never instead of it.
 */
public record RunOutcome(RunRecord run, Optional<Failure> cause, List<Failure> compensationFailures, List<String> leftovers,
                         Optional<JournalLag> journalLag, List<String> secondaryErrors) {
    public RunOutcome {
        compensationFailures = List.copyOf(compensationFailures);
        leftovers = List.copyOf(leftovers);
        secondaryErrors = List.copyOf(secondaryErrors);
        if (run.state() == RunState.SUCCEEDED && cause.isPresent()) throw new IllegalArgumentException("a succeeded run has no cause");
        if (run.state() == RunState.COMPENSATED && cause.isEmpty()) throw new IllegalArgumentException("a compensated run needs its cause");
    }

    public RunOutcome(RunRecord run, Optional<Failure> cause, List<Failure> compensationFailures, List<String> leftovers) {
        this(run, cause, compensationFailures, leftovers, Optional.empty(), List.of());
    }

    public RunState state() { return run.state(); }

    /** The same outcome, its journal behind by {@code lag}. */
    public RunOutcome withJournalLag(JournalLag lag) {
        return new RunOutcome(run, cause, compensationFailures, leftovers, Optional.of(lag), secondaryErrors);
    }

    /** The same outcome, with one more thing that failed after the run's end. */
    public RunOutcome withSecondaryError(String error) {
        List<String> all = new ArrayList<>(secondaryErrors);
        all.add(error);
        return new RunOutcome(run, cause, compensationFailures, leftovers, journalLag, all);
    }
}
