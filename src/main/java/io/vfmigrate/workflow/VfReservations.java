package io.vfmigrate.workflow;

import io.vfmigrate.model.Vf;

/** A run's claims on VFs (backed by the journal's leases), so that no VF is handed to two runs. */
public interface VfReservations {
    /** True when this run now holds the VF; false when another run holds it. */
    boolean reserve(Vf vf);

    void release(Vf vf);
}
