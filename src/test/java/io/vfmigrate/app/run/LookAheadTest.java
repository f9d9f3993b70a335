package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.MoveSlots;
import io.vfmigrate.workflow.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A plain `migrate` runs its preflight before it takes the VM's lease (a refusal writes nothing to the state store), and
 * trusts it under the lease only while what the lease protects held meanwhile; else the preflight runs again under the lease.
 * The preflight is counted by its `destination-answers` check, the one ping of the destination.
 */
class LookAheadTest {
    final Harness h = new Harness();
    /** Every lease key the run asked for, in order. */
    final List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());

    Services services(Services s) {
        Leases recording = new Leases() {
            public Optional<Holder> acquire(String key, String runId, String coordinator, Duration ttl) {
                asked.add(key);
                return s.leases().acquire(key, runId, coordinator, ttl);
            }

            public Optional<Holder> takeOver(String key, Holder dead, String runId, String coordinator, Duration ttl) {
                asked.add(key);
                return s.leases().takeOver(key, dead, runId, coordinator, ttl);
            }

            public Optional<Fence> fence(String key, String runId, String coordinator) { return s.leases().fence(key, runId, coordinator); }

            public boolean renew(Fence fence, Duration ttl) { return s.leases().renew(fence, ttl); }

            public void release(String key, String runId) { s.leases().release(key, runId); }

            public void release(Fence fence) { s.leases().release(fence); }

            public void releaseAll(String runId) { s.leases().releaseAll(runId); }

            public Optional<Holder> holder(String key) { return s.leases().holder(key); }
        };
        return new Services(s.inventory(), s.connector(), s.workflows(), s.journal(), recording, s.clock(), s.poll(), s.coordinator(),
                s.runIds(), s.guestTimeout(), s.leaseTtl(), s.deadHolders(), s.hostFlags(), s.moveSlots(), s.maintenances());
    }

    MigrationResult migrate(Services s, String from) {
        return new MigrateVm(services(s)).run(new MigrateRequest("vm1", Optional.of(from), "host-b", "bond-macvtap", false), List.of(h.trace));
    }

    long preflights() { return h.b().calls().stream().filter("ping"::equals).count(); }

    @Test
    void aPreflightThatFailsTakesNoLeaseNorSlot() {
        MigrationResult r = new MigrateVm(services(h.services())).run(new MigrateRequest("vm1", Optional.of("host-b"), "host-a", "bond-macvtap", false),
                List.of(h.trace));
        assertEquals(ExitCode.REFUSED, r.exitCode(), r::toString);
        assertEquals(List.of(), asked, "no lease asked for");
        assertEquals(List.of(), h.moveSlots.live());
        assertEquals(List.of(), h.journal.runs(true));
    }

    @Test
    void aRunWithNothingChangedMeanwhileTrustsItsOnePreflight() {
        MigrationResult r = migrate(h.services(), "host-a");
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertEquals(1, preflights());
        assertEquals(List.of("vm:vm1", "vf:host-b/fvf0", "vf:host-a/fvf0"), asked, "the VM first, then the VFs the preflight chose");
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aRunOfTheVmJournaledDuringThePreflightMakesItRunAgainUnderTheLease() {
        AtomicBoolean once = new AtomicBoolean();
        h.b().onCall = () -> {
            if (!once.getAndSet(true)) {
                var at = h.clock.instant();
                h.journal.create(new RunRecord("run-meanwhile", "vm1", "host-a", "host-b", "naive", Map.of(), RunState.COMPENSATED,
                        "another-coordinator", at, at));
            }
        };
        MigrationResult r = migrate(h.services(), "host-a");
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertEquals(2, preflights(), "the look, and the preflight under the lease");
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aVfThePreflightChoseThatAnotherRunReservedMeanwhileIsChosenAgainUnderTheLease() {
        AtomicBoolean once = new AtomicBoolean();
        h.b().onCall = () -> {
            // the destination's resources are read after the VFs were chosen
            if (h.b().calls().get(h.b().calls().size() - 1).equals("resources") && !once.getAndSet(true)) {
                h.leases.acquire("vf:host-b/fvf0", "run-of-another", "another-coordinator", Duration.ofMinutes(5));
            }
        };
        MigrationResult r = migrate(h.services(), "host-a");
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertEquals(2, preflights());
        h.assertHealthyOn(h.b(), "fvf1");
        assertEquals("run-of-another", h.leases.holder("vf:host-b/fvf0").orElseThrow().runId(), "the other run's VF is its own still");
    }

    @Test
    void aRunThatWaitedForAMoveSlotRunsItsPreflightAgain() {
        Services base = Harness.with(h.services(), InventoryLoader.parse("inv.yaml", "defaults: {max-concurrent-moves: 1}\n" + Harness.INVENTORY),
                h.services().workflows());
        h.leases.acquire("vm:vm9", "run-other", "another-coordinator", Duration.ofMinutes(5));
        h.moveSlots.take(new MoveSlots.Slot("run-other", "another-coordinator", "vm9", "host-a", "host-b"), 1, Integer.MAX_VALUE);
        // the other move ends while this one waits
        Services s = new Services(base.inventory(), base.connector(), base.workflows(), base.journal(), base.leases(), base.clock(),
                new Poll(base.clock(), d -> h.moveSlots.releaseAll("run-other")), base.coordinator(), base.runIds(), base.guestTimeout(),
                base.leaseTtl(), base.deadHolders(), base.hostFlags(), base.moveSlots(), base.maintenances());
        MigrationResult r = migrate(s, "host-a");
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertEquals(2, preflights(), "a preflight made before a wait is not trusted after it");
        h.assertHealthyOn(h.b(), "fvf0");
        assertTrue(h.moveSlots.live().isEmpty(), h.moveSlots.live()::toString);
    }
}
