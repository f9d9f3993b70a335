package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.MoveSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Move slots within one process, alive while their holder holds a live lease in {@code leases}: for tests. */
public final class InMemoryMoveSlots implements MoveSlots {
    private final InMemoryLeases leases;
    private final List<Slot> slots = new ArrayList<>();

    public InMemoryMoveSlots(InMemoryLeases leases) { this.leases = leases; }

    public synchronized Optional<String> take(Slot slot, int cap, int maxPerDestination) {
        slots.removeIf(s -> !leases.holdsLive(s.holder(), s.coordinator()));
        if (slots.stream().anyMatch(s -> s.holder().equals(slot.holder()) && s.vm().equals(slot.vm()))) return Optional.empty();
        int into = (int) slots.stream().filter(s -> s.destination().equals(slot.destination())).count();
        Optional<String> full = MoveSlots.refusal(slots.size(), into, slot.destination(), cap, maxPerDestination);
        if (full.isEmpty()) slots.add(slot);
        return full;
    }

    public synchronized void release(String holder, String vm) { slots.removeIf(s -> s.holder().equals(holder) && s.vm().equals(vm)); }

    public synchronized void releaseAll(String holder) { slots.removeIf(s -> s.holder().equals(holder)); }

    public synchronized List<Slot> live() {
        return slots.stream().filter(s -> leases.holdsLive(s.holder(), s.coordinator())).toList();
    }
}
