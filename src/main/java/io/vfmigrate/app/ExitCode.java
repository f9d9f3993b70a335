package io.vfmigrate.app;

import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunOutcome;

/** Exit codes of every command (the README's "Exit codes"). */
public final class ExitCode {
    public static final int DONE = 0;
    public static final int FAILED_COMPENSATED = 1;
    public static final int REFUSED = 2;
    public static final int NEEDS_OPERATOR = 3;

    private ExitCode() {}

    /** The exit code of a run that ended in {@code state}. */
    public static int of(RunState state) {
        return switch (state) {
            case SUCCEEDED, CLOSED -> DONE;
            case COMPENSATED -> FAILED_COMPENSATED;
            default -> NEEDS_OPERATOR;
        };
    }

    /** The exit code of a run: by its end state, but a journal that lacks the run's end needs an operator in any case. */
    public static int of(RunOutcome outcome) {
        return outcome.journalLag().isPresent() ? NEEDS_OPERATOR : of(outcome.state());
    }
}
