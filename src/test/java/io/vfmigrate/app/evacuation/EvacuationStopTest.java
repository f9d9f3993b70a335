package io.vfmigrate.app.evacuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.migration.SignalState;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.workflow.RunControls;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A first signal during an evacuation: no further VM run starts; the VMs stay healthy where they are. */
class EvacuationStopTest {
    final Harness h = new Harness();

    @Test
    void afterASignalNoMoveStarts() {
        SignalState signals = new SignalState();
        signals.signal();
        var spec = new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false);
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
        h.world.plainVm("host-a", "vm3");
        Services s = h.services();
        Services services = Harness.with(s, InventoryLoader.parse("inv.yaml", EvacuateHostTest.INVENTORY), s.workflows());
        EvacuationResult r = Evacuate.on(services, new CircuitBreakers(2),
                new RunControls(List.of(), List.of(), MigrationObserver.NONE, signals::stopRequested)).run(spec, EvacuationProgress.NONE);
        assertEquals(1, r.exitCode());
        assertTrue(r.outcomes().stream().allMatch(o -> o.destination().isEmpty()), r.outcomes()::toString);
        assertTrue(r.outcomes().stream().allMatch(o -> o.runId().isEmpty()), "no run was journaled");
        assertTrue(h.a().runs("vm1") && h.a().runs("vm2") && h.a().runs("vm3"));
    }
}
