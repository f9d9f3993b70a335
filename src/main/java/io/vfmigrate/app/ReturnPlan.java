package io.vfmigrate.app;

import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.planning.EvacuationRequest;
import io.vfmigrate.planning.FleetSnapshot;

/**
 * VMs to move back into {@code host} at the end of maintenance {@code maintenanceId}: each placement from the host
 * the VM is on now, in waves under the limits, with the snapshot and the request a VM whose run failed is placed
 * again with (into {@code host} only: a VM whose run towards it failed stays where it is).
 */
public record ReturnPlan(String maintenanceId, String host, int parallel, int maxPerDestination, EvacuationPlan plan,
                         FleetSnapshot snapshot, EvacuationRequest request) {
    /** The options of the moves, as an evacuation's record keeps them. */
    public EvacuationRequestSpec spec() {
        return new EvacuationRequestSpec(host, java.util.Set.of(host), parallel, maxPerDestination, request.bondWorkflow(), true,
                request.allowOutage());
    }
}
