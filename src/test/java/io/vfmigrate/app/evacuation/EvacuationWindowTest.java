package io.vfmigrate.app.evacuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.app.schedule.ScheduleResults;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate of an evacuation on fake hosts: a window's end, a stopping serve; runs started always finish. */
class EvacuationWindowTest {
    final Harness h = new Harness();

    @BeforeEach
    void fleet() {
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
        h.world.plainVm("host-a", "vm3");
    }

    Services services() {
        Services s = h.services();
        return Harness.with(s, InventoryLoader.parse("inv.yaml", EvacuateHostTest.INVENTORY), s.workflows());
    }

    /** Each step takes a minute of the fake clock. */
    final RunListener minuteSteps = new RunListener() {
        @Override public void stepStarted(RunRecord run, int index, String type) { h.clock.sleep(Duration.ofMinutes(1)); }
    };

    EvacuationResult evacuate(MoveGate gate) {
        var spec = new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false);
        return Evacuate.on(services(), new CircuitBreakers(2), gate, minuteSteps).run(spec, EvacuationProgress.NONE);
    }

    @Test
    void noMoveStartsAfterTheWindowAndTheResultNamesTheVmsLeft() {
        // the first move (vm1, the bond workflow's 8 steps) takes 8 minutes: the window of 5 is over when it ends
        MoveGate window = MoveGate.until(h.clock.instant().plus(Duration.ofMinutes(5)), h.clock);
        EvacuationResult r = evacuate(window);
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode(), r.outcomes()::toString);
        List<VmMoveOutcome> moved = r.outcomes().stream().filter(o -> o.result() == VmMoveOutcome.Result.MOVED).toList();
        assertEquals(1, moved.size(), r.outcomes()::toString);
        List<String> left = r.outcomes().stream().filter(o -> o.detail().startsWith("not started: the window closed at ")).map(VmMoveOutcome::vm).sorted().toList();
        assertEquals(2, left.size(), r.outcomes()::toString);
        for (String vm : left) assertTrue(h.a().runs(vm), vm + " stays on host-a");
        assertTrue(ScheduleResults.describe(r).startsWith("exit 1: 1 moved; left on the host because the window closed: "), ScheduleResults.describe(r));
        assertEquals(RunState.COMPENSATED, h.journal.find(r.evacuationId().orElseThrow()).orElseThrow().state(), "the evacuation ended");
    }

    @Test
    void aStoppingServeLeavesTheEvacuationOpenForResumeAndItsLeaseFree() {
        AtomicBoolean stopping = new AtomicBoolean();
        MoveGate gate = MoveGate.unless(stopping::get, "serve is stopping");
        RunListener stopAfterFirstStep = new RunListener() {
            @Override public void stepStarted(RunRecord run, int index, String type) { stopping.set(true); }
        };
        var spec = new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false);
        EvacuationResult r = Evacuate.on(services(), new CircuitBreakers(2), gate, stopAfterFirstStep).run(spec, EvacuationProgress.NONE);
        assertTrue(r.leftOpen());
        assertEquals(1, r.outcomes().stream().filter(o -> o.result() == VmMoveOutcome.Result.MOVED).count(), "the move in flight finished");
        String id = r.evacuationId().orElseThrow();
        assertEquals(RunState.RUNNING, h.journal.find(id).orElseThrow().state());
        assertTrue(h.leases.holder("vm:evacuate:host-a").isEmpty(), "resume may start at once");
        stopping.set(false);
        EvacuationResult resumed = Evacuate.on(services(), new CircuitBreakers(2)).resume(id, EvacuationProgress.NONE);
        assertEquals(0, resumed.exitCode(), resumed.outcomes()::toString);
        for (String vm : List.of("vm1", "vm2", "vm3")) assertTrue(!h.a().runs(vm), vm);
    }
}
