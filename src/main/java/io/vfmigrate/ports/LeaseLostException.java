package io.vfmigrate.ports;

import java.util.Optional;

/**
 * A run's lease was taken over (or released) by another coordinator while this one still acted for
 * it: nothing more may be done by this process for that run. Thrown by fenced journal writes.
 */
public final class LeaseLostException extends RuntimeException {
    private final String runId;

    /** {@code now}: who holds the lease now, if anyone; {@code runState}: the run's state in the journal now, if known. */
    public LeaseLostException(String runId, Optional<Leases.Holder> now, Optional<String> runState) {
        super("lost the lease of run " + runId + " to "
                + now.map(h -> "coordinator " + h.coordinator() + (h.runId().equals(runId) ? "" : " (run " + h.runId() + ")"))
                        .orElse("another coordinator (the lease is no longer held" + runState.map(st -> "; the run is " + st + " now").orElse("") + ")")
                + "; stopping: nothing more is done by this process");
        this.runId = runId;
    }

    public String runId() { return runId; }
}
