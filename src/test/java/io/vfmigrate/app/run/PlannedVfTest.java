package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.planning.Check;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A run given the destination VF an evacuation plan promised takes it while it is free, else chooses another and says so. */
class PlannedVfTest {
    final Harness h = new Harness();

    MigrationResult migrate(Map<String, String> planned) {
        return new MigrateVm(h.services()).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false, false,
                planned, false), List.of(h.trace));
    }

    @Test
    void thePlannedVfIsTakenWhenStillFree() {
        MigrationResult r = migrate(Map.of("fvf0", "fvf2"));
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        h.assertHealthyOn(h.b(), "fvf2"); // the run's own choice would be fvf0, the first free one
        Check c = r.plan().preflight().stream().filter(x -> x.check().equals("free-vf:physnet0#0")).findFirst().orElseThrow();
        assertTrue(c.detail().contains("as planned"), c::toString);
    }

    @Test
    void aPlannedVfTakenMeanwhileFallsBackToTheUsualChoiceWithANote() {
        h.leases.acquire("vf:host-b/fvf2", "run-of-another", "another-coordinator", Duration.ofMinutes(5));
        MigrationResult r = migrate(Map.of("fvf0", "fvf2"));
        assertEquals(ExitCode.DONE, r.exitCode(), r::toString);
        h.assertHealthyOn(h.b(), "fvf0");
        Check c = r.plan().preflight().stream().filter(x -> x.check().equals("free-vf:physnet0#0")).findFirst().orElseThrow();
        assertEquals(Check.Status.WARNING, c.status());
        assertTrue(c.detail().contains("the plan's VF fvf2 was taken meanwhile"), c::toString);
        String runId = r.outcome().orElseThrow().run().id();
        assertTrue(h.journal.entries(runId).stream().anyMatch(e -> "fvf2".equals(e.facts().get("vf.0.dest.planned"))),
                "the journal keeps the planned VF");
    }
}
