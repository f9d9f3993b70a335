package io.vfmigrate.app.evacuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.app.run.MigrateVm;
import io.vfmigrate.app.run.OpenRun;
import io.vfmigrate.app.run.ResumeRollbackTest;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Offline moves of shut-off persistent VMs: the definition moves, its VF rewritten to a free destination VF. */
class OfflineMoveTest {
    static final String MAC = "52:54:00:c0:00:77";
    final Harness h = new Harness();

    @BeforeEach
    void shutOffGuest() {
        h.world.shutOffVm("host-a", "off1", 1, MAC);
    }

    MigrationResult migrate(String vm, Map<String, String> planned) {
        return new MigrateVm(h.services()).run(new MigrateRequest(vm, Optional.empty(), "host-b", "offline", false, false, planned, false),
                List.of(h.trace));
    }

    String definitionOn(String host) { return h.world.hypervisors.get(host).shutOff.get("off1"); }

    @Test
    void theDefinitionMovesWithADestinationVfAndNothingRuns() {
        MigrationResult r = migrate("off1", Map.of());
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertFalse(h.a().shutOff.containsKey("off1"), "undefined on the source");
        String moved = definitionOn("host-b");
        assertTrue(moved.contains("fvf0") && !moved.contains("fvf1") && moved.contains(MAC), moved);
        assertTrue(moved.contains("slot=\"0x07\"") || moved.contains("slot='0x07'"), "the guest's PCI address is kept: " + moved);
        assertFalse(h.b().runs("off1") || h.a().runs("off1"), "nothing runs");
        assertEquals(Map.of("fvf0", MAC), h.world.pools.get("host-b").programmedMac, "the destination VF is programmed as attach-vf does");
        assertEquals(Map.of("fvf0", Harness.MAC), h.world.pools.get("host-a").programmedMac, "the source VF's MAC is cleared (vm1's stays)");
        assertTrue(h.world.mutations.contains("migrate-offline host-a off1"), h.world.mutations::toString);
        assertEquals(RunState.SUCCEEDED, r.outcome().orElseThrow().state());
        assertEquals("migrate-offline", r.plan().steps().get(0).type());
    }

    @Test
    void thePlannedDestinationVfIsUsedWhenFree() {
        MigrationResult r = migrate("off1", Map.of("fvf1", "fvf3"));
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertTrue(definitionOn("host-b").contains("fvf3"), definitionOn("host-b"));
    }

    @Test
    void aFailedOfflineMigrationLeavesTheDefinitionAndTheVfsAsTheyWere() {
        h.world.failOn("migrate-offline host-a");
        MigrationResult r = migrate("off1", Map.of());
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode(), r::toString);
        assertTrue(definitionOn("host-a").contains("fvf1"));
        assertFalse(h.b().shutOff.containsKey("off1"));
        assertEquals(Map.of(), h.world.pools.get("host-b").programmedMac, "the destination VF's MAC was cleared again");
        assertEquals(MAC, h.world.pools.get("host-a").programmedMac.get("fvf1"), "the source VF steers the MAC again");
    }

    @Test
    void aVmOnAPoolThatNamesNoVfIsRefusedByPreflight() {
        h.world.pools.get("host-a").namesVf = false;
        MigrationResult r = migrate("off1", Map.of());
        assertEquals(ExitCode.REFUSED, r.exitCode(), r::toString);
        assertTrue(r.plan().preflight().stream().anyMatch(c -> !c.ok() && c.detail().contains("an offline move of such a VM is not supported")),
                r::toString);
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
        assertTrue(definitionOn("host-a").contains("fvf1"));
    }

    @Test
    void aVfThatARunningDomainUsesKeepsItsMac() {
        // off2's definition names fvf0, which vm1 (running) uses too (given it by hand): vm1 keeps its MAC there
        h.world.shutOffVm("host-a", "off2", 0, "52:54:00:c0:00:78");
        h.world.pools.get("host-a").programmedMac.put("fvf0", Harness.MAC);
        MigrationResult r = migrate("off2", Map.of());
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertEquals(Harness.MAC, h.world.pools.get("host-a").programmedMac.get("fvf0"), "vm1's VF keeps vm1's MAC");
    }

    /** The lab's bug: the VF a moved definition names was handed to the next move into the host once the run ended. */
    @Test
    void theMovedDefinitionHoldsItsVfAfterTheRunSoTheNextMoveGetsAnother() {
        assertEquals(ExitCode.DONE, migrate("off1", Map.of()).exitCode());
        assertTrue(definitionOn("host-b").contains("fvf0"), definitionOn("host-b"));
        assertTrue(h.world.pools.get("host-b").free().stream().noneMatch(v -> v.id().equals("fvf0")), "held by off1's definition");
        h.world.shutOffVm("host-a", "off3", 2, "52:54:00:c0:00:79");
        MigrationResult next = migrate("off3", Map.of("fvf2", "fvf0"));
        assertEquals(ExitCode.DONE, next.exitCode(), next::toString);
        String off3 = h.b().shutOff.get("off3");
        assertTrue(off3.contains("fvf1") && !off3.contains("fvf0"), off3);
        assertTrue(definitionOn("host-b").contains("fvf0"), "off1 keeps its VF");
    }

    /** A definition holds the VFs it names: one naming a VF more than the VM had is a leftover of the run. */
    @Test
    void aDefinitionNamingAnExtraVfIsLeftBehind() {
        RunListener addsOne = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, java.time.Duration took, Map<String, String> facts) {
                h.b().shutOff.computeIfPresent("off1", (vm, xml) -> xml.replace("</devices>",
                        h.world.pools.get("host-b").xmlFor(3, "52:54:00:c0:00:7a") + "</devices>"));
            }
        };
        MigrationResult r = new MigrateVm(h.services()).run(new MigrateRequest("off1", Optional.empty(), "host-b", "offline", false),
                List.of(h.trace, addsOne));
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        assertEquals(List.of("host-b: the definition of off1 names 2 VFs (held while it is defined), it had 1"),
                io.vfmigrate.app.run.RunReport.of(h.journal.entries(r.outcome().orElseThrow().run().id())).leftBehind());
    }

    @Test
    void aVmStartedByHandBeforeTheStepIsNotTouched() {
        RunListener startsIt = new RunListener() {
            public void stepStarted(RunRecord run, int index, String type) {
                if (type.equals("migrate-offline")) h.world.plainVm("host-a", "off1");   // started by hand meanwhile
            }
        };
        MigrationResult r = new MigrateVm(h.services()).run(new MigrateRequest("off1", Optional.empty(), "host-b", "offline", false),
                List.of(h.trace, startsIt));
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode(), r::toString);
        assertFalse(h.world.mutations.contains("migrate-offline host-a off1"), h.world.mutations::toString);
        assertEquals(MAC, h.world.pools.get("host-a").programmedMac.get("fvf1"), "its VF keeps its MAC");
        assertFalse(h.b().shutOff.containsKey("off1"));
    }

    /** The coordinator dies right after the step; another one resumes or rolls the run back from the journal. */
    String diedAfterTheMove() {
        RunListener killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, java.time.Duration took, Map<String, String> facts) {
                throw new ResumeRollbackTest.Death();
            }
        };
        org.junit.jupiter.api.Assertions.assertThrows(ResumeRollbackTest.Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("off1", Optional.empty(), "host-b", "offline", false), List.of(killer)));
        h.clock.sleep(java.time.Duration.ofMinutes(6));
        return h.journal.runs(false).get(0).id();
    }

    @Test
    void aRollbackMovesTheDefinitionBackToItsSourceVf() {
        String run = diedAfterTheMove();
        assertTrue(definitionOn("host-b").contains("fvf0"));
        RunOutcome back = new OpenRun(h.services("other")).rollback(run, List.of());
        assertEquals(RunState.COMPENSATED, back.state(), back::toString);
        assertTrue(definitionOn("host-a").contains("fvf1") && definitionOn("host-a").contains(MAC), definitionOn("host-a"));
        assertFalse(h.b().shutOff.containsKey("off1"));
        assertEquals(Map.of(), h.world.pools.get("host-b").programmedMac);
        assertEquals(MAC, h.world.pools.get("host-a").programmedMac.get("fvf1"));
    }

    @Test
    void aResumeFindsTheMoveDoneAndEndsTheRun() {
        String run = diedAfterTheMove();
        RunOutcome done = new OpenRun(h.services("other")).resume(run, List.of());
        assertEquals(RunState.SUCCEEDED, done.state(), done::toString);
        assertTrue(definitionOn("host-b").contains("fvf0"));
        assertEquals(1, h.world.mutations.stream().filter(m -> m.startsWith("migrate-offline")).count(), h.world.mutations::toString);
    }

    @Test
    void aRunningVmIsRefusedByTheOfflineWorkflowBeforeAnyChange() {
        MigrationResult r = new MigrateVm(h.services()).run(new MigrateRequest("vm1", Optional.of("host-a"), "host-b", "offline", false),
                List.of());
        assertEquals(ExitCode.REFUSED, r.exitCode());
        assertTrue(r.plan().preflight().get(0).detail().contains("an offline move is for a shut-off VM"), r.plan().preflight()::toString);
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
    }

    @Test
    void anEvacuationMovesItsShutOffVmsAsRunsThatCount() {
        Services s = Harness.with(h.services(), InventoryLoader.parse("inv.yaml", "defaults: {max-concurrent-moves: 1}\n"
                + Harness.INVENTORY), h.services().workflows());
        var spec = new EvacuationRequestSpec("host-a", Set.of(), 2, 2, "bond-macvtap", false, false);
        EvacuationResult r = Evacuate.on(s, new CircuitBreakers(2)).run(spec, EvacuationProgress.NONE);
        assertEquals(0, r.exitCode(), r.outcomes()::toString);
        VmMoveOutcome off = r.outcomes().stream().filter(o -> o.vm().equals("off1")).findFirst().orElseThrow();
        assertEquals(VmMoveOutcome.Result.MOVED, off.result(), off::toString);
        assertEquals("offline", off.workflow());
        var promised = r.plan().orElseThrow().moves().stream().filter(m -> m.placement().vm().equals("off1")).findFirst().orElseThrow()
                .placement().vfs().get(0).destinationVf().orElseThrow().id();
        assertTrue(definitionOn("host-b").contains(promised), promised + " in " + definitionOn("host-b"));
        assertFalse(h.a().shutOff.containsKey("off1"));
        assertEquals(2, h.journal.runs(true).stream().filter(x -> !ParentRuns.isEvacuation(x)).count(), "one ordinary run per VM");
    }
}
