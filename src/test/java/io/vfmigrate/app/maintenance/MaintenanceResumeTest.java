package io.vfmigrate.app.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.EvacuateHost;
import io.vfmigrate.app.evacuation.EvacuateHostTest;
import io.vfmigrate.app.run.ResumeRollbackTest;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.ports.Maintenances;
import io.vfmigrate.ports.Maintenances.Maintenance;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A coordinator killed during `maintenance enter` or `exit` (vm1's run dies right after its migration): the same command goes on. */
final class MaintenanceResumeTest {
    final Harness h = new Harness();

    /** Kills the coordinator once vm1's run migrated it towards {@code towards}. */
    static RunListener killAfterMigrating(String towards) {
        return new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                if (run.vm().equals("vm1") && type.equals("migrate") && run.destination().equals(towards)) throw new ResumeRollbackTest.Death();
            }
        };
    }

    @BeforeEach
    void fleet() {
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
    }

    Services services() {
        Services s = h.services();
        return Harness.with(s, InventoryLoader.parse("inv.yaml", EvacuateHostTest.INVENTORY), s.workflows());
    }

    EvacuateHost evacuation(RunListener observer) { return Evacuate.on(services(), new CircuitBreakers(2), MoveGate.OPEN, observer); }

    static final EvacuationRequestSpec SPEC = new EvacuationRequestSpec("host-a", Set.of("host-b"), 1, 2, "bond-macvtap", false, false);

    EnterMaintenance.Result enter(RunListener observer) {
        return new EnterMaintenance(services()).enter(SPEC, evacuation(observer), EvacuationProgress.NONE, MaintenanceProgress.NONE);
    }

    ExitMaintenance.Result exit(RunListener observer) {
        return new ExitMaintenance(services()).exit("host-a", new ExitMaintenance.Options(false, false, 1, 1), evacuation(observer),
                EvacuationProgress.NONE, MaintenanceProgress.NONE);
    }

    @Test
    void aMaintenanceWhoseEnterDiedIsResumedByEnteringAgain() {
        assertThrows(IllegalStateException.class, () -> enter(killAfterMigrating("host-b")));
        Maintenance dead = h.maintenances.openOn("host-a").orElseThrow();
        assertEquals(Maintenances.Phase.ENTERING, dead.phase());
        assertTrue(h.b().runs("vm1"), "vm1 migrated, its VF not yet attached");
        h.clock.sleep(Duration.ofMinutes(6));

        EnterMaintenance.Result again = enter(RunListener.NONE);
        assertTrue(again.resumed());
        Maintenance m = again.maintenance().orElseThrow();
        assertEquals(dead.id(), m.id());
        assertEquals(Maintenances.Phase.IN, m.phase());
        assertEquals(Map.of("vm1", "host-b", "vm2", "host-b"),
                m.origins().stream().collect(Collectors.toMap(Maintenances.Origin::vm, Maintenances.Origin::wentTo)));
        h.assertHealthyOn(h.b(), "fvf0");
        assertTrue(h.journal.runs(false).isEmpty(), "no run left open");
    }

    @Test
    void aMaintenanceWhoseExitDiedIsResumedByExitingAgain() {
        assertEquals(0, enter(RunListener.NONE).evacuation().exitCode());
        assertThrows(IllegalStateException.class, () -> exit(killAfterMigrating("host-a")));
        Maintenance dead = h.maintenances.openOn("host-a").orElseThrow();
        assertEquals(Maintenances.Phase.EXITING, dead.phase());
        assertTrue(h.hostFlags.disabled().isEmpty(), "enabled before the first move back");
        h.clock.sleep(Duration.ofMinutes(6));

        ExitMaintenance.Result again = exit(RunListener.NONE);
        assertEquals(0, again.exitCode(), again.rows()::toString);
        assertEquals(again.rows().stream().map(HostReturn::vm).distinct().count(), again.rows().size(), () -> "one row per VM: " + again.rows());
        assertEquals(2, again.rows().stream().filter(r -> r.result() == HostReturn.Result.RETURNED).count(), again.rows()::toString);
        assertEquals(Maintenances.Phase.CLOSED, again.maintenance().phase());
        assertTrue(h.a().runs("vm1") && h.a().runs("vm2"));
        h.assertHealthyOn(h.a(), "fvf0");
        assertTrue(h.journal.runs(false).isEmpty(), "no run left open");
        assertEquals(1, h.journal.runs(true).stream().filter(r -> r.vm().equals("vm1") && r.destination().equals("host-a")).count(),
                "vm1's move back was finished by its own run");
    }
}
