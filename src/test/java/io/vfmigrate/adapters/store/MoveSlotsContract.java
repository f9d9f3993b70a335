package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.ports.MoveSlots;
import io.vfmigrate.ports.MoveSlots.Slot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The inventory-wide cap on moves, counted in the store; run on SQLite and on PostgreSQL by the subclasses. */
abstract class MoveSlotsContract extends StoreFixture {
    private static final Duration TTL = Duration.ofSeconds(60);

    /** A holder (a run or an evacuation) with a live lease, as every slot's holder has. */
    private static void live(StateStore store, String holder, String coordinator) {
        assertEquals(Optional.empty(), store.leases().acquire("vm:" + holder, holder, coordinator, TTL));
    }

    @Test
    void slotsAreTakenUpToTheCapAndFreedOnRelease() {
        StateStore store = open();
        MoveSlots slots = store.moveSlots();
        live(store, "e1", "c1");
        assertEquals(Optional.empty(), slots.take(new Slot("e1", "c1", "vm1", "host-a", "host-b"), 2, 5));
        assertEquals(Optional.empty(), slots.take(new Slot("e1", "c1", "vm1", "host-a", "host-b"), 2, 5), "held already: taken");
        assertEquals(Optional.empty(), slots.take(new Slot("e1", "c1", "vm2", "host-a", "host-c"), 2, 5));
        String full = slots.take(new Slot("e1", "c1", "vm3", "host-a", "host-c"), 2, 5).orElseThrow();
        assertMentions(full, "2 moves run", "the inventory-wide cap", "is 2");
        assertEquals(List.of("vm1", "vm2"), slots.live().stream().map(Slot::vm).toList());
        slots.release("e1", "vm1");
        assertEquals(Optional.empty(), slots.take(new Slot("e1", "c1", "vm3", "host-a", "host-c"), 2, 5));
        slots.releaseAll("e1");
        assertTrue(slots.live().isEmpty());
    }

    @Test
    void movesIntoOneDestinationAreCountedAcrossHolders() {
        StateStore store = open();
        live(store, "e1", "c1");
        live(store, "r7", "c2");
        assertEquals(Optional.empty(), store.moveSlots().take(new Slot("e1", "c1", "vm1", "host-a", "host-b"), 5, 2));
        assertEquals(Optional.empty(), store.moveSlots().take(new Slot("r7", "c2", "vm9", "host-c", "host-b"), 5, 2));
        String full = store.moveSlots().take(new Slot("e1", "c1", "vm2", "host-a", "host-b"), 5, 2).orElseThrow();
        assertMentions(full, "2 moves run into host-b", "at most 2 per destination");
        assertEquals(Optional.empty(), store.moveSlots().take(new Slot("e1", "c1", "vm2", "host-a", "host-d"), 5, 2));
    }

    @Test
    void aDeadCoordinatorsSlotsExpireWithItsLease() {
        StateStore store = open();
        live(store, "e1", "c1");
        assertEquals(Optional.empty(), store.moveSlots().take(new Slot("e1", "c1", "vm1", "host-a", "host-b"), 1, 5));
        live(store, "e2", "c2");
        assertTrue(store.moveSlots().take(new Slot("e2", "c2", "vm5", "host-c", "host-d"), 1, 5).isPresent());
        clock.sleep(Duration.ofSeconds(30));
        store.leases().renew(store.leases().fence("vm:e2", "e2", "c2").orElseThrow(), TTL); // c2 lives, c1 does not
        clock.sleep(Duration.ofSeconds(31));
        assertTrue(store.moveSlots().live().isEmpty(), "c1's lease expired, so did its slot");
        assertEquals(Optional.empty(), store.moveSlots().take(new Slot("e2", "c2", "vm5", "host-c", "host-d"), 1, 5));
    }

    @Test
    void aVersionFourStoreGainsTheMoveSlotsInPlace() throws Exception {
        Dialect d = StoreLocation.parse(location()).dialect();
        List<String> v4 = new ArrayList<>();
        for (Schema.Migration m : Schema.MIGRATIONS.subList(0, 4)) v4.addAll(m.statements().apply(d));
        v4.add("CREATE TABLE vfmigrate_schema (version INTEGER NOT NULL)");
        v4.add("INSERT INTO vfmigrate_schema (version) VALUES (4)");
        sql(v4.toArray(String[]::new));
        StateStore store = open();
        live(store, "e1", "c1");
        assertEquals(Optional.empty(), store.moveSlots().take(new Slot("e1", "c1", "vm1", "host-a", "host-b"), 5, 2));
        assertEquals(1, store.moveSlots().live().size());
    }

    @Test
    void twoCoordinatorsNeverBothTakeTheLastSlot() throws Exception {
        StateStore first = open();
        StateStore second = open(); // its own connection, as another coordinator's
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int over = 0;
        try {
            for (int round = 0; round < 20; round++) {
                String a = "a" + round;
                String b = "b" + round;
                live(first, a, "c1");
                live(second, b, "c2");
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Optional<String>>> takes = new ArrayList<>();
                takes.add(threads.submit(() -> { start.await(30, TimeUnit.SECONDS); return first.moveSlots().take(new Slot(a, "c1", "vm", "x", "y"), 1, 5); }));
                takes.add(threads.submit(() -> { start.await(30, TimeUnit.SECONDS); return second.moveSlots().take(new Slot(b, "c2", "vm", "x", "z"), 1, 5); }));
                int won = 0;
                for (Future<Optional<String>> f : takes) if (f.get(30, TimeUnit.SECONDS).isEmpty()) won++;
                if (won != 1 || first.moveSlots().live().size() != 1) over++;
                first.moveSlots().releaseAll(a);
                second.moveSlots().releaseAll(b);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, over, "rounds in which not exactly one coordinator took the one slot");
    }
}
