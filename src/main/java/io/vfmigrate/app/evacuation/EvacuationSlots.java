package io.vfmigrate.app.evacuation;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.MoveSlotWait;
import io.vfmigrate.app.Services;
import io.vfmigrate.planning.Placement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The move slots of one evacuation's moves in the state store, held under the evacuation's id: one is
 * taken before a move starts and released when it ends. The progress hears why a move waits, once per
 * VM and reason; each round of asking says whether the store refused any.
 */
final class EvacuationSlots {
    private final Services s;
    private final String holder;
    private final int maxPerDestination;
    private final EvacuationProgress progress;
    private final Map<String, String> told = new HashMap<>();
    private boolean refused;

    EvacuationSlots(Services services, String holder, int maxPerDestination, EvacuationProgress progress) {
        this.s = services;
        this.holder = holder;
        this.maxPerDestination = maxPerDestination;
        this.progress = progress;
    }

    /** A new round of asking: whether the store refused a slot is counted anew. */
    void newRound() { refused = false; }

    /** Whether the store refused a slot in this round (the moves left wait for other coordinators' moves). */
    boolean refusedThisRound() { return refused; }

    /** Takes the slot of this move; false (and the progress told why) when the store has none free for it. */
    boolean take(Placement p) {
        Optional<String> full = new MoveSlotWait(s).tryTake(holder, p.vm(), p.source(), p.destination(), maxPerDestination);
        if (full.isEmpty()) {
            told.remove(p.vm());
            return true;
        }
        refused = true;
        if (!full.get().equals(told.put(p.vm(), full.get()))) progress.waiting(p.vm(), p.destination(), full.get());
        return false;
    }

    void release(String vm) { s.moveSlots().release(holder, vm); }

    void releaseAll() { s.moveSlots().releaseAll(holder); }
}
