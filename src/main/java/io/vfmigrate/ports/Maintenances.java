package io.vfmigrate.ports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance records, kept in the state store: a host taken into maintenance, the evacuation that emptied it, the
 * origin map (each VM that left, and where it went), the run that moved them back, and when it ended. At most one
 * open record per host, across every coordinator sharing the store; a closed record is kept for history.
 */
public interface Maintenances {
    /** Opens {@code m} (no origin yet); false, and nothing written, when its host has an open record already. */
    boolean open(Maintenance m);

    /** The open record of {@code host}. */
    Optional<Maintenance> openOn(String host);

    Optional<Maintenance> find(String id);

    /** Newest first; only open ones unless {@code all}. */
    List<Maintenance> list(boolean all);

    /** Links the evacuation that empties the host. */
    void evacuation(String id, String evacuationId);

    /** Records a VM that left (replacing what was recorded of it). */
    void origin(String id, Origin origin);

    /** The evacuation ended: the origin map is complete. */
    void entered(String id, Instant at);

    /** Links the run that moves the VMs back (the exit). */
    void returning(String id, String returnId);

    /** Ends the record ({@code how}: "returned", "exit --no-return", ...). */
    void close(String id, Instant at, String how);

    /**
     * A VM that left the host: the host it left, where it went, the run that moved it, the workflow it left with,
     * whether it was running (else it left shut off, offline), and its domain's UUID there ("" when it was not read).
     */
    record Origin(String vm, String left, String wentTo, String runId, String workflow, boolean running, String uuid) {}

    record Maintenance(String id, String host, Instant since, String by, Optional<String> evacuation, Optional<Instant> entered,
                       Optional<String> returnRun, Optional<Instant> closed, String closedHow, List<Origin> origins) {
        public Maintenance {
            origins = List.copyOf(origins);
        }

        /** A new record: nothing linked, no origin. */
        public static Maintenance opened(String id, String host, Instant since, String by) {
            return new Maintenance(id, host, since, by, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "", List.of());
        }

        public Phase phase() {
            if (closed.isPresent()) return Phase.CLOSED;
            if (returnRun.isPresent()) return Phase.EXITING;
            return entered.isPresent() ? Phase.IN : Phase.ENTERING;
        }

        public Optional<Origin> origin(String vm) { return origins.stream().filter(o -> o.vm().equals(vm)).findFirst(); }
    }

    /** Entering (its evacuation not finished), in maintenance, exiting (VMs moving back), closed. */
    enum Phase {
        ENTERING, IN, EXITING, CLOSED;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }
}
