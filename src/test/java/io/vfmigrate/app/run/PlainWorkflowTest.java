package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.planning.Check;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped `plain` workflow: a live migration of a VM without VF, asking no guest; refused for a VM with one. */
class PlainWorkflowTest {
    final Harness h = new Harness();

    MigrationResult migrate(String vm, boolean dryRun) {
        return new MigrateVm(h.services()).run(new MigrateRequest(vm, Optional.empty(), "host-b", "plain", dryRun), List.of());
    }

    @Test
    void movesAVmWithoutVfEvenWhenItsAgentIsDown() {
        h.world.plainVm("host-a", "novf").agentRunning = false;
        MigrationResult plan = migrate("novf", true);
        assertEquals(0, plan.exitCode(), plan.plan().preflight()::toString);
        assertEquals(List.of("migrate"), plan.plan().steps().stream().map(s -> s.type()).toList());
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
        MigrationResult run = migrate("novf", false);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(h.b().runs("novf") && !h.a().runs("novf"));
        assertEquals(List.of("migrate host-a novf"), h.world.mutations);
    }

    @Test
    void refusesAVmWithAVf() {
        MigrationResult r = migrate("vm1", false);
        assertEquals(2, r.exitCode());
        Check noVf = r.plan().preflight().stream().filter(c -> c.check().equals("no-vf")).findFirst().orElseThrow();
        assertFalse(noVf.ok());
        assertTrue(noVf.detail().contains("fvf0") && noVf.detail().contains("without detach-vf and attach-vf"), noVf::toString);
        assertTrue(h.a().runs("vm1") && h.world.mutations.isEmpty(), h.world.mutations::toString);
    }
}
