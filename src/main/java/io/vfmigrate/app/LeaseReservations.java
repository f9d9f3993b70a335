package io.vfmigrate.app;

import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.VfReservations;
import java.time.Duration;

/** VF reservations of one run, as leases in the journal's store. */
final class LeaseReservations implements VfReservations {
    private final Leases leases;
    private final String runId;
    private final String coordinator;
    private final Duration ttl;

    LeaseReservations(Leases leases, String runId, String coordinator, Duration ttl) {
        this.leases = leases;
        this.runId = runId;
        this.coordinator = coordinator;
        this.ttl = ttl;
    }

    public boolean reserve(Vf vf) { return leases.acquire(vf.leaseKey(), runId, coordinator, ttl).isEmpty(); }

    public void release(Vf vf) { leases.release(vf.leaseKey(), runId); }

    /** For dry runs: says whether a VF is free of leases, and takes nothing. */
    static VfReservations lookOnly(Leases leases) {
        return new VfReservations() {
            public boolean reserve(Vf vf) { return leases.holder(vf.leaseKey()).isEmpty(); }

            public void release(Vf vf) {}
        };
    }
}
