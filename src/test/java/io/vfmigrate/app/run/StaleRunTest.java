package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Item 3 of issue 8: an open run blocks new runs of its VM; resume and rollback re-check the hosts; `close` ends a run. */
class StaleRunTest {

    private static Harness diedAfter(int n) {
        Harness h = new Harness();
        RunListener killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                if (i + 1 == n) throw new ResumeRollbackTest.Death();
            }
        };
        assertThrows(ResumeRollbackTest.Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        h.clock.sleep(Duration.ofMinutes(6));   // its lease expired
        return h;
    }

    @Test
    void aNewMigrateOfAVmWithAnOpenRunIsRefusedAndTheOldRunResumes() {
        Harness h = diedAfter(6);
        List<String> before = new ArrayList<>(h.world.mutations);
        var again = new MigrateVm(h.services("other")).run(new MigrateRequest("vm1", Optional.empty(), "host-a", "bond-macvtap", false), List.of());
        assertEquals(ExitCode.REFUSED, again.exitCode());
        String why = again.refusal().orElseThrow();
        assertTrue(why.contains("open run run-1") && why.contains("vfmigrate resume run-1") && why.contains("vfmigrate rollback run-1")
                && why.contains("vfmigrate close run-1"), why);
        assertEquals(before, h.world.mutations, "nothing was touched");
        assertTrue(h.leases.holder("vm:vm1").isEmpty(), "the refused run holds no lease");
        RunOutcome o = new OpenRun(h.services("other")).resume("run-1", List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void resumeOfARunWhoseVmWasRepairedByHandIsVerifiedAndDoneWithoutDetachingAnything() {
        Harness h = diedAfter(8);
        String tmp = h.b().interfaceXmls("vm1").stream().filter(x -> x.contains("ua-vfm-tmp0")).findFirst().orElseThrow();
        h.b().detachDevice("vm1", tmp, "ua-vfm-tmp0", Duration.ofSeconds(1));   // the operator removed the temporary port
        int before = h.world.mutations.size();
        RunOutcome o = new OpenRun(h.services("other")).resume("run-1", List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        assertEquals(List.of(), h.world.mutations.subList(before, h.world.mutations.size()), "nothing was done to the healthy VM");
        assertFalse(h.trace.events.stream().anyMatch(e -> e.startsWith("apply:") || e.startsWith("undo")), h.trace.events::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void rollbackOfARunWhoseVmIsHealthyOnTheSourceUndoesNothing() {
        Harness h = diedAfter(1);
        String tmp = h.a().interfaceXmls("vm1").stream().filter(x -> x.contains("ua-vfm-tmp0")).findFirst().orElseThrow();
        h.a().detachDevice("vm1", tmp, "ua-vfm-tmp0", Duration.ofSeconds(1));
        int before = h.world.mutations.size();
        RunOutcome o = new OpenRun(h.services("other")).rollback("run-1", List.of(h.trace));
        assertEquals(RunState.COMPENSATED, o.state(), () -> h.trace.events.toString());
        assertEquals(List.of(), h.world.mutations.subList(before, h.world.mutations.size()));
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void closeEndsARunSoItsWarningStopsAndItNoLongerBlocksTheVm() {
        Harness h = diedAfter(6);
        assertEquals(1, new StaleRuns(h.services("x")).find().size());
        int before = h.world.mutations.size();
        CloseRun.Closed closed = new CloseRun(h.services("operator")).close("run-1");
        assertEquals(RunState.CLOSED, closed.run().state());
        assertEquals(RunState.RUNNING, closed.from());
        assertTrue(closed.survey().toString().contains("temporary port ua-vfm-tmp0"), closed.survey()::toString);
        assertEquals(before, h.world.mutations.size(), "close touches no host");
        assertEquals(RunState.CLOSED, h.journal.find("run-1").orElseThrow().state());
        assertTrue(new StaleRuns(h.services("x")).find().isEmpty(), "no warning any more");
        assertTrue(h.leases.holder("vm:vm1").isEmpty());
        var again = assertThrows(ConfigException.class, () -> new CloseRun(h.services("operator")).close("run-1"));
        assertTrue(again.getMessage().contains("is CLOSED"), again.getMessage());
        assertFalse(RunState.CLOSED.isOpen());
        assertTrue(RunState.CLOSED.isTerminal());
        assertThrows(RunState.IllegalRunTransitionException.class, () -> RunState.SUCCEEDED.checkedMoveTo(RunState.CLOSED));
    }

    @Test
    void closeOfALiveRunIsRefused() {
        Harness h = new Harness();
        RunListener killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                throw new ResumeRollbackTest.Death();
            }
        };
        assertThrows(ResumeRollbackTest.Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        var e = assertThrows(ConfigException.class, () -> new CloseRun(h.services("operator")).close("run-1"));
        assertTrue(e.getMessage().contains("still alive"), e.getMessage());
    }
}
