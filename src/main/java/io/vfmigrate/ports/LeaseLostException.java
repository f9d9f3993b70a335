package io.vfmigrate.ports;

import java.util.Optional;

/**
 * A run's lease was taken over (or released) by another coordinator while this one still acted for
 * it: nothing more may be done by this process for that run. Thrown by fenced journal writes.
 */
public final class LeaseLostException extends RuntimeException {
    private final String runId;

    public LeaseLostException(String runId, Optional<Leases.Holder> now) {
        super("lost the lease of run " + runId + " to "
                + now.map(h -> "coordinator " + h.coordinator() + (h.runId().equals(runId) ? "" : " (run " + h.runId() + ")"))
                        .orElse("another coordinator (the lease is no longer held)")
                + "; stopping: nothing more is done by this process");
        this.runId = runId;
    }

    public String runId() { return runId; }
}
