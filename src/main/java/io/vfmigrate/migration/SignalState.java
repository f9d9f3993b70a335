package io.vfmigrate.migration;

/**
 * What SIGINT/SIGTERM mean during a run: the first asks the run to stop the way a failure would (abort
 * the migration job if one runs, compensate before the migration, go forward after it); the second
 * stops the process at once, leaving the run journaled for resume or rollback. Pure and thread-safe.
 */
public final class SignalState {
    /** What the caller must do for a signal just received. */
    public enum Action { STOP_GRACEFULLY, HALT_NOW }

    private int received;

    public synchronized Action signal() {
        received++;
        return received == 1 ? Action.STOP_GRACEFULLY : Action.HALT_NOW;
    }

    /** True once a first signal came: the run must not start anything it would not finish anyway. */
    public synchronized boolean stopRequested() { return received > 0; }
}
