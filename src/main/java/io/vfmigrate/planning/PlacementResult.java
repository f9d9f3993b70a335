package io.vfmigrate.planning;

import java.util.List;

/** Placements in the order they were decided, and the VMs that could not be placed. */
public record PlacementResult(List<Placement> placements, List<Unplaceable> unplaceable) {
    public PlacementResult {
        placements = List.copyOf(placements);
        unplaceable = List.copyOf(unplaceable);
    }
}
