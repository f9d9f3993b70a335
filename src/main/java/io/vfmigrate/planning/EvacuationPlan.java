package io.vfmigrate.planning;

import java.util.ArrayList;
import java.util.List;

/** The whole evacuation before anything moves: each placement with its wave, and the VMs that stay. */
public record EvacuationPlan(String host, List<Move> moves, List<Unplaceable> unplaceable) {
    public EvacuationPlan {
        moves = List.copyOf(moves);
        unplaceable = List.copyOf(unplaceable);
    }

    public record Move(Placement placement, int wave) {}

    /** Places the VMs and orders the moves in waves under the limits. */
    public static EvacuationPlan of(FleetSnapshot snapshot, EvacuationRequest request, int parallel, int maxPerDestination) {
        PlacementResult result = FleetPlacement.place(snapshot, request);
        List<Integer> waves = Waves.assign(result.placements(), parallel, maxPerDestination);
        List<Move> moves = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) moves.add(new Move(result.placements().get(i), waves.get(i)));
        return new EvacuationPlan(request.source(), moves, result.unplaceable());
    }
}
