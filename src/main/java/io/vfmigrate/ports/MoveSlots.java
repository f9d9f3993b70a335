package io.vfmigrate.ports;

import java.util.List;
import java.util.Optional;

/**
 * The moves running now across every coordinator sharing the state store, one slot per move: taken before
 * a move starts, released when it ends. A slot lives as long as its holder (a run, or an evacuation, that
 * holds a lease under its coordinator) keeps a live lease: a dead coordinator's slots expire with its leases.
 * Taking one counts the live slots and inserts in one transaction, so two coordinators never both take the last.
 */
public interface MoveSlots {
    /**
     * Takes the slot of {@code slot.vm()}'s move when fewer than {@code cap} moves run in all and fewer than
     * {@code maxPerDestination} into its destination; empty when taken (or already held by that holder),
     * else why not ("5 moves run (the inventory-wide cap, defaults.max-concurrent-moves, is 5)").
     */
    Optional<String> take(Slot slot, int cap, int maxPerDestination);

    void release(String holder, String vm);

    void releaseAll(String holder);

    /** The live slots, oldest first. */
    List<Slot> live();

    /** {@code holder}: the run id (a `migrate`) or the evacuation id that holds the move's slot. */
    record Slot(String holder, String coordinator, String vm, String source, String destination) {}

    /** Why a slot was refused, from the live counts. */
    static Optional<String> refusal(int moves, int into, String destination, int cap, int maxPerDestination) {
        if (moves >= cap) return Optional.of(run(moves) + " (the inventory-wide cap, defaults.max-concurrent-moves, is " + cap + ")");
        if (into >= maxPerDestination) {
            return Optional.of(run(into) + " into " + destination + " (at most " + maxPerDestination + " per destination)");
        }
        return Optional.empty();
    }

    private static String run(int moves) { return moves + (moves == 1 ? " move runs" : " moves run"); }

    /** Counts nothing: every slot is free (tests and tools that share no store). */
    MoveSlots UNCOUNTED = new MoveSlots() {
        public Optional<String> take(Slot slot, int cap, int maxPerDestination) { return Optional.empty(); }
        public void release(String holder, String vm) {}
        public void releaseAll(String holder) {}
        public List<Slot> live() { return List.of(); }
    };
}
