package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A run whose VF is on VLAN 100, its coordinator dead: another one resumes or rolls it back from the journal alone. */
class VlanResumeRollbackTest {
    @ParameterizedTest(name = "died after step {0}: rollback gives the source VF its VLAN again")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void rollbackRestoresTheSourceVfsVlan(int n) {
        Harness h = ResumeRollbackTest.diedAfter(new Harness().vfOnVlan(100), n);
        String run = h.journal.runs(false).get(0).id();
        h.clock.sleep(Duration.ofMinutes(6));
        RunOutcome o = new OpenRun(h.services("other-coordinator")).rollback(run, List.of(h.trace));
        assertEquals(RunState.COMPENSATED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.a(), "fvf0");
        assertEquals(Map.of("fvf0", 100), h.world.pools.get("host-a").programmedVlan);
        assertTrue(h.world.pools.get("host-b").programmedVlan.isEmpty(), "the destination VF's VLAN is cleared with its MAC");
    }

    @Test
    void resumeAttachesThePortOnTheJournaledVlan() {
        Harness h = new Harness().vfOnVlan(100);
        RunListener killer = new RunListener() {
            public void stepStarted(RunRecord run, int index, String type) { throw new ResumeRollbackTest.Death(); }
        };
        assertThrows(ResumeRollbackTest.Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        assertTrue(h.a().attachedXmls.isEmpty(), "died before the port was attached");
        h.world.pools.get("host-a").programmedVlan.put("fvf0", 200);   // the pool says otherwise now: the journal decides
        h.clock.sleep(Duration.ofMinutes(6));
        RunOutcome o = new OpenRun(h.services("other-coordinator")).resume(h.journal.runs(false).get(0).id(), List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        assertTrue(h.world.shellCalls.contains("host-a ip link add link br0.100 name " + Harness.MACVTAP + " address " + Harness.MAC + " type macvtap mode bridge"), h.world.shellCalls::toString);
        assertEquals(Map.of("fvf0", 100), h.world.pools.get("host-b").programmedVlan);
    }
}
