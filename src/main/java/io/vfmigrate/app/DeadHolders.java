package io.vfmigrate.app;

import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.ProcessTable;

/**
 * Tells a lease holder whose process is gone: only a holder on this host can be known dead (its pid
 * absent, or present with another start time); a holder on another host is waited for until its lease expires.
 */
public final class DeadHolders {
    /** Never knows a holder dead: every lease is waited for until it expires. */
    public static final DeadHolders NONE = new DeadHolders(null, pid -> java.util.OptionalLong.of(0));

    private final String host;
    private final ProcessTable processes;

    public DeadHolders(String host, ProcessTable processes) {
        this.host = host;
        this.processes = processes;
    }

    public boolean isDead(Leases.Holder holder) {
        if (host == null) return false;
        return CoordinatorId.parse(holder.coordinator())
                .filter(id -> id.host().equals(host))
                .map(this::isGone)
                .orElse(false);
    }

    private boolean isGone(CoordinatorId id) {
        try {
            var start = processes.startTime(id.pid());
            return start.isEmpty() || start.getAsLong() != id.startTime();
        } catch (RuntimeException e) {
            // the process table cannot tell: wait for the lease to expire
            org.slf4j.LoggerFactory.getLogger(DeadHolders.class).warn("cannot tell whether coordinator {} lives: {}", id, e.getMessage());
            return false;
        }
    }
}
