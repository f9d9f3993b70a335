package io.vfmigrate.workflow;

/**
 * The journal could not take a transition of a run: its state store failed (a full disk, a database
 * locked for too long). Thrown by the journal, the first of the run's listeners, before the action the
 * transition announces; the engine then does nothing more, and the run ends in memory needing an
 * operator ({@link JournalLag} keeps what the journal could not take).
 */
public final class JournalWriteFailed extends RuntimeException {
    private final String transition;
    private final String reason;

    public JournalWriteFailed(String transition, String reason, Throwable cause) {
        super("the journal could not record " + transition + ": " + reason, cause);
        this.transition = transition;
        this.reason = reason;
    }

    /** What it could not record, e.g. "step 6 attach-vf started". */
    public String transition() { return transition; }

    /** The state store's error. */
    public String reason() { return reason; }
}
