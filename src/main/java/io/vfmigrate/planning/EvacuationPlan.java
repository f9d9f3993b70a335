package io.vfmigrate.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole evacuation before anything moves: each placement with its wave, and the VMs that stay. */
public record EvacuationPlan(String host, List<Move> moves, List<Unplaceable> unplaceable) {
    public EvacuationPlan {
        moves = List.copyOf(moves);
        unplaceable = List.copyOf(unplaceable);
    }

    /** {@code convergence}: the move's convergence prediction, when one was made. */
    public record Move(Placement placement, int wave, Optional<Convergence> convergence) {
        public Move(Placement placement, int wave) { this(placement, wave, Optional.empty()); }
    }

    /** What the plan's prediction says of one VM: {@code detail} as the preflight's check prints it. */
    public record Convergence(boolean expectedNotToConverge, String detail) {}

    /**
     * The same moves with their predictions, those expected not to converge last (the others go first, and the
     * host's slots are not held by migrations that may end in their timeouts), in waves again.
     */
    public EvacuationPlan withConvergence(Map<String, Convergence> byVm, int parallel, int maxPerDestination) {
        List<Placement> ordered = moves.stream().map(Move::placement)
                .sorted(Comparator.comparing(p -> byVm.containsKey(p.vm()) && byVm.get(p.vm()).expectedNotToConverge())).toList();
        List<Integer> waves = Waves.assign(ordered, parallel, maxPerDestination);
        List<Move> out = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) out.add(new Move(ordered.get(i), waves.get(i), Optional.ofNullable(byVm.get(ordered.get(i).vm()))));
        return new EvacuationPlan(host, out, unplaceable);
    }

    /** Places the VMs and orders the moves in waves under the limits. */
    public static EvacuationPlan of(FleetSnapshot snapshot, EvacuationRequest request, int parallel, int maxPerDestination) {
        PlacementResult result = FleetPlacement.place(snapshot, request);
        List<Integer> waves = Waves.assign(result.placements(), parallel, maxPerDestination);
        List<Move> moves = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) moves.add(new Move(result.placements().get(i), waves.get(i)));
        return new EvacuationPlan(request.source(), moves, result.unplaceable());
    }
}
