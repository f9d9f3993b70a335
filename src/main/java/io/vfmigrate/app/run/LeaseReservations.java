package io.vfmigrate.app.run;

import io.vfmigrate.app.Services;
import io.vfmigrate.model.Vf;
import io.vfmigrate.workflow.VfReservations;

/** VF reservations of one run, as leases in the journal's store (taken at once from a holder known dead). */
final class LeaseReservations implements VfReservations {
    private final Services s;
    private final String runId;

    LeaseReservations(Services s, String runId) {
        this.s = s;
        this.runId = runId;
    }

    public boolean reserve(Vf vf) { return s.claim(vf.leaseKey(), runId).isEmpty(); }

    public void release(Vf vf) { s.leases().release(vf.leaseKey(), runId); }

    /** For dry runs: says whether a VF is free of leases, and takes nothing. */
    public static VfReservations lookOnly(Services s) {
        return new VfReservations() {
            public boolean reserve(Vf vf) { return s.leases().holder(vf.leaseKey()).filter(h -> !s.deadHolders().isDead(h)).isEmpty(); }

            public void release(Vf vf) {}
        };
    }
}
