package io.vfmigrate.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a run. Order: PENDING, RUNNING, then either SUCCEEDED, or (before the migration)
 * COMPENSATING and COMPENSATED, or (after it) RECOVERING and back to RUNNING; NEEDS_OPERATOR when
 * an undo or a forward recovery could not finish. Legal transitions are listed as data. CLOSED is
 * the operator's end of an open run whose VM is gone or was repaired by hand (`vfmigrate close`):
 * terminal, nothing was done by vfmigrate to reach it, and its stale-run warning stops.
 */
public enum RunState {
    PENDING, RUNNING, RECOVERING, COMPENSATING, SUCCEEDED, COMPENSATED, NEEDS_OPERATOR, CLOSED;

    private static final Map<RunState, Set<RunState>> LEGAL = Map.of(
            PENDING, EnumSet.of(RUNNING, COMPENSATING, CLOSED),
            RUNNING, EnumSet.of(SUCCEEDED, COMPENSATING, RECOVERING, NEEDS_OPERATOR, CLOSED),
            RECOVERING, EnumSet.of(RUNNING, NEEDS_OPERATOR, COMPENSATING, CLOSED),
            COMPENSATING, EnumSet.of(COMPENSATED, NEEDS_OPERATOR, CLOSED),
            SUCCEEDED, EnumSet.noneOf(RunState.class),
            COMPENSATED, EnumSet.noneOf(RunState.class),
            NEEDS_OPERATOR, EnumSet.of(RUNNING, COMPENSATING, CLOSED),
            CLOSED, EnumSet.noneOf(RunState.class));

    public boolean isTerminal() { return LEGAL.get(this).isEmpty(); }

    /** A run that holds its leases and may be resumed or rolled back. */
    public boolean isOpen() { return !isTerminal(); }

    public boolean canMoveTo(RunState next) { return LEGAL.get(this).contains(next); }

    public RunState checkedMoveTo(RunState next) {
        if (!canMoveTo(next)) throw new IllegalRunTransitionException(this, next);
        return next;
    }

    public static final class IllegalRunTransitionException extends IllegalStateException {
        public IllegalRunTransitionException(RunState from, RunState to) {
            super("illegal run transition from " + from + " to " + to);
        }
    }
}
