package io.vfmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.workflow.steps.StepTypes;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped `offline` workflow, and what may go with a migrate-offline step. */
class OfflineWorkflowTest {
    final WorkflowLoader loader = new WorkflowLoader(StepTypes.catalog(), Optional.empty());

    @Test
    void theShippedOfflineWorkflowLoads() {
        assertEquals(java.util.List.of("migrate-offline"), loader.load("offline").steps().stream().map(s -> s.type()).toList());
    }

    @Test
    void aWaitMayGoWithItButNoGuestStepNorALiveMigrate() {
        String ok = "name: x\nsteps:\n  - type: wait\n    params: {duration: 1s}\n  - type: migrate-offline\n";
        assertEquals(2, loader.parse("wf.yaml", ok).steps().size());
        ConfigException guest = assertThrows(ConfigException.class, () -> loader.parse("wf.yaml",
                "name: x\nsteps:\n  - type: migrate-offline\n  - type: guest-command\n    params: {argv: [true]}\n"));
        assertTrue(guest.getMessage().contains("wf.yaml:4") && guest.getMessage().contains("guest-command cannot be in a workflow with migrate-offline"),
                guest.getMessage());
        ConfigException both = assertThrows(ConfigException.class, () -> loader.parse("wf.yaml",
                "name: x\nsteps:\n  - type: migrate\n  - type: migrate-offline\n"));
        assertTrue(both.getMessage().contains("migrate cannot be in a workflow with migrate-offline"), both.getMessage());
    }
}
