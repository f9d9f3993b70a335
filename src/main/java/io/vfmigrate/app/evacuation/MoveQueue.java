package io.vfmigrate.app.evacuation;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.planning.EvacuationRequest;
import io.vfmigrate.planning.FleetPlacement;
import io.vfmigrate.planning.FleetSnapshot;
import io.vfmigrate.planning.Placement;
import io.vfmigrate.planning.PlacementResult;
import io.vfmigrate.ports.DestinationBreakers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The moves of an evacuation not started yet, in plan order, and the placements that hold promises
 * (started or done). Picks the next move a free slot allows; places again a VM whose destination's
 * breaker opened or that must try another destination (never one that failed it).
 */
final class MoveQueue {
    private final FleetSnapshot snapshot;
    private final EvacuationRequest request;
    private final DestinationBreakers breakers;
    private final LinkedList<Placement> pending = new LinkedList<>();
    private final List<Placement> committed = new ArrayList<>();
    private final Map<String, Set<String>> failedOn = new HashMap<>();

    MoveQueue(FleetSnapshot snapshot, EvacuationRequest request, DestinationBreakers breakers, List<Placement> plan) {
        this.snapshot = snapshot;
        this.request = request;
        this.breakers = breakers;
        pending.addAll(plan);
    }

    boolean isEmpty() { return pending.isEmpty(); }

    /** The moves not started, taken out of the queue (a closed gate leaves them on the host). */
    List<Placement> drain() {
        List<Placement> left = new ArrayList<>(pending);
        pending.clear();
        return left;
    }

    /** A placement kept as placed: its promises count for later re-placements. */
    void commit(Placement p) { committed.add(p); }

    /**
     * The first pending move whose breaker is closed and that {@code room} lets start (it may take a move slot
     * for it: asked once per move, in order, until one starts); re-places those whose breaker is open.
     */
    Optional<Placement> next(java.util.function.Predicate<Placement> room, Unplaced unplaced, EvacuationProgress progress) {
        for (Iterator<Placement> it = pending.iterator(); it.hasNext(); ) {
            Placement p = it.next();
            if (!breakers.allows(p.destination())) {
                it.remove();
                Optional<Placement> again = place(p, unplaced, "the breaker of " + p.destination() + " is open");
                again.ifPresent(a -> progress.replaced(p.vm(), p.destination(), a.destination(), "the breaker of " + p.destination() + " is open"));
                again.ifPresent(pending::addFirst);
                return next(room, unplaced, progress);
            }
            if (room.test(p)) {
                it.remove();
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A run towards {@code failed} did not move the VM: it tries another destination, placed now. */
    Optional<Placement> retry(Placement failed, Unplaced unplaced, EvacuationProgress progress) {
        committed.remove(failed);
        failedOn.computeIfAbsent(failed.vm(), v -> new HashSet<>()).add(failed.destination());
        Optional<Placement> again = place(failed, unplaced, "its run towards " + failed.destination() + " failed");
        again.ifPresent(a -> {
            progress.replaced(failed.vm(), failed.destination(), a.destination(), "its run towards " + failed.destination() + " failed");
            pending.addFirst(a);
        });
        return again;
    }

    /** Places {@code p}'s VM again, from its source (the moves back into a host take VMs from several). */
    private Optional<Placement> place(Placement p, Unplaced unplaced, String why) {
        String vm = p.vm();
        Set<String> excluded = new HashSet<>(breakers.open());
        excluded.addAll(failedOn.getOrDefault(vm, Set.of()));
        List<Placement> kept = new ArrayList<>(committed);
        kept.addAll(pending);
        PlacementResult r = FleetPlacement.place(snapshot, request.from(p.source()).only(Set.of(vm)).excluding(excluded), kept);
        if (r.placements().isEmpty()) {
            unplaced.stays(vm, why + "; no other destination: " + r.unplaceable().stream().findFirst().map(u -> u.reason()).orElse("none left"));
            return Optional.empty();
        }
        return Optional.of(r.placements().get(0));
    }

    /** Told when a VM cannot be placed again. */
    interface Unplaced {
        void stays(String vm, String reason);
    }
}
