package io.vfmigrate.app;

import io.vfmigrate.model.RunState;

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
}
