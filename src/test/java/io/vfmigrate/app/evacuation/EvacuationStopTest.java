package io.vfmigrate.app.evacuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.app.run.VmRunner;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.migration.SignalState;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.StopRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A first signal during an evacuation: no further VM run starts; the VMs stay healthy where they are. */
class EvacuationStopTest {
    final Harness h = new Harness();

    Services services() {
        Services s = h.services();
        return Harness.with(s, InventoryLoader.parse("inv.yaml", EvacuateHostTest.INVENTORY), s.workflows());
    }

    @Test
    void afterASignalNoMoveStarts() {
        SignalState signals = new SignalState();
        signals.signal();
        var spec = new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false);
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
        h.world.plainVm("host-a", "vm3");
        EvacuationResult r = Evacuate.on(services(), new CircuitBreakers(2),
                new RunControls(List.of(), List.of(), MigrationObserver.NONE, signals::stopRequested)).run(spec, EvacuationProgress.NONE);
        assertEquals(1, r.exitCode());
        assertTrue(r.outcomes().stream().allMatch(o -> o.destination().isEmpty()), r.outcomes()::toString);
        assertTrue(r.outcomes().stream().allMatch(o -> o.runId().isEmpty()), "no run was journaled");
        assertTrue(h.a().runs("vm1") && h.a().runs("vm2") && h.a().runs("vm3"));
    }

    /**
     * Issue 18, item 2 (found on the lab): a SIGTERM while two moves were in the migrate step. Both runs compensated,
     * but the evacuation placed a VM again ("try 2"), opened two breakers for failures the signal caused, closed itself
     * and said "no destination". A signal is no destination's failure: no breaker, no re-placement, "stopped by
     * SIGTERM", and the evacuation left open for `resume EVAC`, which then moves the VMs.
     */
    @Test
    void aSignalWithTwoMovesInTheMigrateStepStopsBothAndLeavesTheEvacuationOpenForResume() throws Exception {
        h.world.addHost("host-c", 4);
        h.world.bondedVm("host-a", "vm4", "52:54:00:c0:00:44", 1);
        h.world.plainVm("host-a", "vm2");
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch firstInMigrate = new CountDownLatch(1);
        CountDownLatch secondInMigrate = new CountDownLatch(1);
        CountDownLatch firstCompensated = new CountDownLatch(1);
        AtomicInteger inMigrate = new AtomicInteger();
        List<String> firstVm = Collections.synchronizedList(new ArrayList<>());
        // the moves run one after the other up to the migrate step, both stay in it until the stop, then compensate in turn
        h.a().whileMigrating = vm -> {
            if (inMigrate.incrementAndGet() == 1) {
                firstVm.add(vm);
                firstInMigrate.countDown();
                await(secondInMigrate);
            } else {
                stop.set(true); // the operator's SIGTERM, while both migration jobs run
                secondInMigrate.countDown();
                await(firstCompensated);
            }
        };
        RunListener compensated = new RunListener() {
            @Override public void stateChanged(RunRecord run, RunState from, RunState to) {
                if (to == RunState.COMPENSATED && firstVm.contains(run.vm())) firstCompensated.countDown();
            }
        };
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        EvacuationProgress progress = new EvacuationProgress() {
            public void moveStarted(String vm, String destination, String workflow, int attempt) {
                events.add("started " + vm + " try " + attempt);
                if (events.size() == 2) await(firstInMigrate);
            }
            public void replaced(String vm, String from, String to, String why) { events.add("replaced " + vm); }
            public void breakerOpened(String destination, String why) { events.add("breaker " + destination); }
        };
        CircuitBreakers breakers = new CircuitBreakers(2);
        RunControls controls = new RunControls(List.of(), List.of(), MigrationObserver.NONE, StopRequest.of(stop::get, () -> "SIGTERM"));
        var spec = new EvacuationRequestSpec("host-a", Set.of(), 2, 2, "bond-macvtap", false, false);

        EvacuationResult r = new EvacuateHost(services(), new VmRunner(services()),
                Evacuations.Controls.of(breakers).observer(compensated).run(controls)).run(spec, progress);

        assertEquals(List.of("started vm1 try 1", "started vm4 try 1"), events.stream().sorted().toList(), "no re-placement, no breaker");
        assertEquals(Set.of(), breakers.open());
        Map<String, VmMoveOutcome> by = r.outcomes().stream().collect(Collectors.toMap(VmMoveOutcome::vm, o -> o));
        for (String vm : List.of("vm1", "vm4")) {
            VmMoveOutcome o = by.get(vm);
            assertEquals(VmMoveOutcome.Result.STAYED, o.result(), o::toString);
            assertTrue(o.detail().startsWith("stopped by SIGTERM: its run towards host-"), o::toString);
            assertEquals(1, o.tries());
            assertEquals(RunState.COMPENSATED, h.journal.find(o.runId().orElseThrow()).orElseThrow().state());
        }
        healthyOnHostA("vm1", Harness.MAC, "fvf0");
        healthyOnHostA("vm4", "52:54:00:c0:00:44", "fvf1");
        assertEquals("not started: stopped by SIGTERM", by.get("vm2").detail());
        assertEquals(1, r.exitCode(), "the VMs are healthy where they were");
        assertTrue(r.leftOpen(), r::toString);
        String id = r.evacuationId().orElseThrow();
        assertEquals(RunState.RUNNING, h.journal.find(id).orElseThrow().state(), "the evacuation stays open");
        assertTrue(h.journal.entries(id).stream().anyMatch(e -> e.detail().startsWith("stopped, left open for resume: stopped by SIGTERM")));
        assertTrue(h.leases.holder("vm:evacuate:host-a").isEmpty(), "resume may start at once");

        h.a().whileMigrating = vm -> {};
        EvacuationResult resumed = Evacuate.on(services(), new CircuitBreakers(2)).resume(id, EvacuationProgress.NONE);
        assertEquals(0, resumed.exitCode(), resumed.outcomes()::toString);
        for (String vm : List.of("vm1", "vm2", "vm4")) assertTrue(!h.a().runs(vm), vm + " left host-a");
        assertEquals(RunState.SUCCEEDED, h.journal.find(id).orElseThrow().state());
        assertTrue(h.journal.runs(false).stream().noneMatch(ParentRuns::isEvacuation));
    }

    /** On the fakes' state: on host-a with its VF only, the bond active on it, the VF's MAC programmed. */
    private void healthyOnHostA(String vm, String mac, String vf) {
        assertTrue(h.a().runs(vm), vm + " stays on host-a");
        List<String> xml = h.a().interfaceXmls(vm);
        assertEquals(1, xml.size(), xml::toString);
        assertTrue(xml.get(0).contains(vf) && xml.get(0).contains(mac), xml::toString);
        var guest = h.a().guest(vm);
        var bond = guest.bonds.get("bond0");
        assertEquals(List.of(bond.active), bond.slaves);
        assertEquals(mac, guest.links.get(bond.active).permMac);
        assertEquals(mac, h.world.pools.get("host-a").programmedMac.get(vf));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) throw new AssertionError("timed out waiting for the other move");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
