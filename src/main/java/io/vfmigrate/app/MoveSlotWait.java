package io.vfmigrate.app;

import io.vfmigrate.ports.MoveSlots;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Takes the move slot of one move in the state store (the inventory-wide cap on concurrent moves, and
 * the moves into one destination), waiting on the clock's sleeper while none is free.
 */
public final class MoveSlotWait {
    /** How often a waiting move asks the store again. */
    public static final Duration RECHECK = Duration.ofSeconds(1);

    private final Services s;

    public MoveSlotWait(Services services) { this.s = services; }

    /**
     * Empty when taken, else why not now: the store refused it, or could not be asked (a store that fails
     * for a moment is asked again with the next round, like a full one; nothing has moved yet).
     */
    public Optional<String> tryTake(String holder, String vm, String source, String destination, int maxPerDestination) {
        try {
            return s.moveSlots().take(new MoveSlots.Slot(holder, s.coordinator(), vm, source, destination),
                    s.inventory().maxConcurrentMoves(), maxPerDestination);
        } catch (RuntimeException e) {
            return Optional.of("the state store did not answer: " + e.getMessage());
        }
    }

    /**
     * Takes the slot, waiting while none is free; {@code waiting} hears why, once per new reason. Empty
     * when taken; the reason when {@code stop} said to give up first.
     */
    public Optional<String> await(String holder, String vm, String source, String destination, int maxPerDestination,
                           BooleanSupplier stop, Consumer<String> waiting) {
        String told = null;
        while (true) {
            if (told != null && stop.getAsBoolean()) return Optional.of("stopped while waiting for a move slot: " + told);
            Optional<String> full = tryTake(holder, vm, source, destination, maxPerDestination);
            if (full.isEmpty()) return Optional.empty();
            if (stop.getAsBoolean()) return Optional.of("stopped while waiting for a move slot: " + full.get());
            if (!full.get().equals(told)) waiting.accept(full.get());
            told = full.get();
            s.poll().sleep(RECHECK, "a move slot");
        }
    }
}
