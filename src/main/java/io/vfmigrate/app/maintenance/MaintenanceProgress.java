package io.vfmigrate.app.maintenance;

import io.vfmigrate.ports.Maintenances.Maintenance;
import java.util.List;

/** The phases of `maintenance enter` and `exit` around their moves (which an {@link io.vfmigrate.app.EvacuationProgress} hears). */
public interface MaintenanceProgress {
    /** The record is open (or taken up again: {@code resumed}) and the host disabled; its evacuation starts. */
    default void started(Maintenance m, boolean resumed) {}

    /** The evacuation ended: the origin map is complete. */
    default void entered(Maintenance m) {}

    /** The moves back are planned: {@code stay} the VMs of the origin map that are left where they are, and why. */
    default void returnPlanned(Maintenance m, List<HostReturn> stay, int moves) {}

    /** The record is closed; the host is enabled. */
    default void closed(Maintenance m, String how) {}

    MaintenanceProgress NONE = new MaintenanceProgress() {};
}
