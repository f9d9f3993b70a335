package io.vfmigrate.app.evacuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.run.MigrateVm;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.ports.MoveSlots;
import io.vfmigrate.workflow.Poll;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory-wide cap on concurrent moves, counted through the store's move slots, shared by coordinators. */
class MoveSlotCapTest {
    final Harness h = new Harness();
    final ConcurrentLinkedQueue<String> waits = new ConcurrentLinkedQueue<>();
    final EvacuationProgress recorder = new EvacuationProgress() {
        public void waiting(String vm, String destination, String why) { waits.add(vm + " -> " + destination + ": " + why); }
    };

    @BeforeEach
    void fleet() {
        h.world.addHost("host-c", 4);
        h.world.addHost("host-d", 4);
        h.world.plainVm("host-a", "vm2");
        h.world.plainVm("host-a", "vm3");
    }

    /** Fake hosts a..d; {@code defaults} is the inventory's defaults mapping (or empty). */
    Services services(String coordinator, String defaults, boolean realPause) {
        String inventory = (defaults.isEmpty() ? "" : "defaults: " + defaults + "\n") + "hosts:\n"
                + EvacuateHostTest.HOST.formatted("host-a", "a") + EvacuateHostTest.HOST.formatted("host-b", "b")
                + EvacuateHostTest.HOST.formatted("host-c", "c") + EvacuateHostTest.HOST.formatted("host-d", "d");
        Services s = Harness.with(h.services(coordinator), InventoryLoader.parse("inv.yaml", inventory), h.services().workflows());
        if (!realPause) return s;
        // waits really pause (a little) instead of moving the shared fake clock, which would expire the other coordinator's leases
        return new Services(s.inventory(), s.connector(), s.workflows(), s.journal(), s.leases(), s.clock(),
                new Poll(s.clock(), d -> Thread.sleep(5)), s.coordinator(), s.runIds(), s.guestTimeout(), s.leaseTtl(), s.deadHolders(),
                s.hostFlags(), s.moveSlots(), s.maintenances());
    }

    /** Records the most move slots live at any step start, and holds each run's first step until {@code together} runs started or 300 ms passed. */
    static final class SlotWatch implements RunListener {
        final MoveSlots slots;
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger mostInto = new AtomicInteger();
        final CountDownLatch together;
        final String destination;

        SlotWatch(MoveSlots slots, int together, String destination) {
            this.slots = slots;
            this.together = new CountDownLatch(together);
            this.destination = destination;
        }

        @Override public void stepStarted(RunRecord run, int index, String type) {
            if (index == 0) {
                together.countDown();
                try {
                    together.await(300, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<MoveSlots.Slot> live = slots.live();
            most.accumulateAndGet(live.size(), Math::max);
            mostInto.accumulateAndGet((int) live.stream().filter(x -> x.destination().equals(destination)).count(), Math::max);
        }
    }

    EvacuationResult evacuate(Services s, String host, Set<String> to, int parallel, int perDestination, RunListener watch) {
        var spec = new EvacuationRequestSpec(host, to, parallel, perDestination, "bond-macvtap", false, false);
        return Evacuate.on(s, new CircuitBreakers(2), MoveGate.OPEN, watch).run(spec, recorder);
    }

    @Test
    void anEvacuationRunsNoMoreMovesAtOnceThanTheCap() {
        SlotWatch uncapped = new SlotWatch(h.moveSlots, 2, "-");
        assertEquals(0, evacuate(services("c1", "", false), "host-a", Set.of(), 2, 2, uncapped).exitCode());
        assertEquals(2, uncapped.most.get(), "without a cap below --parallel, two moves ran at once");

        Harness again = new Harness();
        again.world.plainVm("host-a", "vm2");
        again.world.plainVm("host-a", "vm3");
        MoveSlotCapTest other = this;
        SlotWatch capped = new SlotWatch(again.moveSlots, 2, "-");
        Services s = Harness.with(again.services("c1"), InventoryLoader.parse("inv.yaml", "defaults: {max-concurrent-moves: 1}\n"
                + Harness.INVENTORY), again.services().workflows());
        var r = Evacuate.on(s, new CircuitBreakers(2), MoveGate.OPEN, capped)
                .run(new EvacuationRequestSpec("host-a", Set.of(), 2, 2, "bond-macvtap", false, false), other.recorder);
        assertEquals(0, r.exitCode(), r.outcomes()::toString);
        assertEquals(1, capped.most.get(), "the cap of 1 held although --parallel is 2");
        assertTrue(again.moveSlots.live().isEmpty(), "every slot was released");
    }

    @Test
    void anEvacuationWaitsWhileAnotherCoordinatorsMovesHoldEverySlot() {
        // another coordinator's evacuation holds the one slot; it dies: its slot expires with its lease
        h.leases.acquire("vm:evacuate:host-x", "e-other", "c2", Duration.ofMinutes(1));
        assertEquals(Optional.empty(), h.moveSlots.take(new MoveSlots.Slot("e-other", "c2", "vm9", "host-x", "host-b"), 1, 2));
        var r = evacuate(services("c1", "{max-concurrent-moves: 1}", false), "host-a", Set.of(), 2, 2, RunListener.NONE);
        assertEquals(0, r.exitCode(), r.outcomes()::toString);
        assertTrue(waits.stream().anyMatch(w -> w.contains("1 move runs (the inventory-wide cap, defaults.max-concurrent-moves, is 1)")),
                waits::toString);
        assertTrue(h.clock.slept.compareTo(Duration.ofMinutes(1)) >= 0, "it waited on the clock until the lease expired: " + h.clock.slept);
    }

    @Test
    void twoEvacuationsAtOnceNeverExceedTheCapNorOverloadOneDestination() throws Exception {
        h.world.plainVm("host-c", "vm5");
        h.world.plainVm("host-c", "vm6");
        h.world.plainVm("host-c", "vm7");
        SlotWatch watch = new SlotWatch(h.moveSlots, 3, "host-b");
        Services one = services("c1", "{max-concurrent-moves: 3}", true);
        Services two = services("c2", "{max-concurrent-moves: 3}", true);
        ExecutorService coordinators = Executors.newFixedThreadPool(2);
        try {
            Future<EvacuationResult> a = coordinators.submit(() -> evacuate(one, "host-a", Set.of("host-b", "host-d"), 2, 1, watch));
            Future<EvacuationResult> c = coordinators.submit(() -> evacuate(two, "host-c", Set.of("host-b", "host-d"), 2, 1, watch));
            assertEquals(0, a.get(60, TimeUnit.SECONDS).exitCode());
            assertEquals(0, c.get(60, TimeUnit.SECONDS).exitCode());
        } finally {
            coordinators.shutdownNow();
        }
        assertTrue(watch.most.get() <= 3, "moves at once: " + watch.most.get());
        assertEquals(1, watch.mostInto.get(), "moves into host-b at once, both evacuations together (--max-per-destination 1)");
        for (String vm : List.of("vm1", "vm2", "vm3", "vm5", "vm6", "vm7")) {
            assertTrue(h.b().runs(vm) || h.world.hypervisors.get("host-d").runs(vm), vm + " moved");
        }
        assertTrue(h.moveSlots.live().isEmpty());
    }

    @Test
    void migrateTakesASlotTooAndWaitsForOne() {
        h.leases.acquire("vm:vm9", "r-other", "c2", Duration.ofMinutes(1));
        h.moveSlots.take(new MoveSlots.Slot("r-other", "c2", "vm9", "host-x", "host-b"), 1, 2);
        Services s = services("c1", "{max-concurrent-moves: 1}", false);
        MigrationResult r = new MigrateVm(s).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of());
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertTrue(h.clock.slept.compareTo(Duration.ofMinutes(1)) >= 0, "waited for the other run's slot: " + h.clock.slept);
        assertTrue(h.moveSlots.live().isEmpty(), "its own slot was released at its end");
    }

    @Test
    void aStoreThatFailsForAMomentWhileAMoveWaitsIsAskedAgain() {
        AtomicInteger failures = new AtomicInteger(2);
        MoveSlots flaky = new MoveSlots() {
            public Optional<String> take(Slot slot, int cap, int maxPerDestination) {
                if (failures.getAndDecrement() > 0) throw new IllegalStateException("connection reset");
                return h.moveSlots.take(slot, cap, maxPerDestination);
            }
            public void release(String holder, String vm) { h.moveSlots.release(holder, vm); }
            public void releaseAll(String holder) { h.moveSlots.releaseAll(holder); }
            public List<Slot> live() { return h.moveSlots.live(); }
        };
        Services base = services("c1", "", false);
        Services s = new Services(base.inventory(), base.connector(), base.workflows(), base.journal(), base.leases(), base.clock(),
                base.poll(), base.coordinator(), base.runIds(), base.guestTimeout(), base.leaseTtl(), base.deadHolders(), base.hostFlags(), flaky, base.maintenances());
        MigrationResult r = new MigrateVm(s).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of());
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertTrue(failures.get() < 0, "asked again after the failures");
        assertTrue(h.moveSlots.live().isEmpty());
    }

    @Test
    void aSignalWhileMigrateWaitsForASlotRefusesItWithNothingChanged() {
        h.leases.acquire("vm:vm9", "r-other", "c2", Duration.ofMinutes(10));
        h.moveSlots.take(new MoveSlots.Slot("r-other", "c2", "vm9", "host-x", "host-b"), 1, 2);
        Services s = services("c1", "{max-concurrent-moves: 1}", false);
        AtomicInteger asked = new AtomicInteger();
        RunControls stopAfterAWhile = new RunControls(List.of(), List.of(), RunControls.NONE.observer(), () -> asked.incrementAndGet() > 3);
        MigrationResult r = new MigrateVm(s).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(),
                stopAfterAWhile);
        assertEquals(ExitCode.REFUSED, r.exitCode());
        assertTrue(r.refusal().orElseThrow().startsWith("stopped while waiting for a move slot: 1 move runs"), r::toString);
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
        assertTrue(h.leases.holder("vm:vm1").isEmpty(), "its VM lease was released");
        assertTrue(h.journal.runs(true).isEmpty(), "no run was journaled");
    }
}
