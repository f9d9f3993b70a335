package io.vfmigrate.app.run;

import static io.vfmigrate.app.run.HandRepair.detach;
import static io.vfmigrate.app.run.HandRepair.diedAfter;
import static io.vfmigrate.app.run.HandRepair.makeActive;
import static io.vfmigrate.app.run.HandRepair.newestNic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.RunContradicted;
import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.MigrationRequest;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Item 3 of issue 8: `resume` and `rollback` re-check each step they skip or undo against the real
 * state, and act only when the journal and the hosts agree; otherwise they refuse (exit 2), change
 * nothing, and name each contradicted step with the advice (`close` when repaired by hand).
 */
class RecheckBeforeActingTest {

    /** What must not change when a command is refused: the hosts, the journal, the leases. */
    private record Untouched(List<String> mutations, int journalEntries, RunState state) {
        static Untouched of(Harness h) {
            return new Untouched(new ArrayList<>(h.world.mutations), h.journal.entries("run-1").size(), h.journal.find("run-1").orElseThrow().state());
        }

        void assertSame(Harness h) {
            assertEquals(mutations, h.world.mutations, "no host was touched");
            assertEquals(journalEntries, h.journal.entries("run-1").size(), "nothing was journaled");
            assertEquals(state, h.journal.find("run-1").orElseThrow().state());
            assertTrue(h.leases.holder("vm:vm1").isEmpty(), "the refused command holds no lease");
        }
    }

    private static String lines(RunContradicted e) { return e.getMessage() + "\n" + String.join("\n", e.contradictions()) + "\n" + e.advice(); }

    @Test
    void theIssuesCaseResumeOfARunLeftAfterStep6WhoseVmWasRepairedByHandWithAnotherVfIsRefusedAndTouchesNothing() {
        Harness h = diedAfter(6);
        // by hand on host-b: the run's VF fvf0 is replaced by fvf1, which becomes the bond's active slave; the temporary port goes
        detach(h.b(), "fvf0");
        h.b().plugForSetUp("vm1", h.world.pools.get("host-b").xmlFor(1, Harness.MAC));
        FakeGuest g = h.b().guest("vm1");
        FakeGuest.Link fvf1 = newestNic(g);
        makeActive(g, fvf1);
        detach(h.b(), "ua-vfm-tmp0");
        Untouched before = Untouched.of(h);

        var refused = assertThrows(RunContradicted.class, () -> new OpenRun(h.services("other")).resume("run-1", List.of(h.trace)));

        String said = lines(refused);
        assertTrue(refused.getMessage().contains("run run-1: resume refused") && refused.getMessage().contains("nothing was changed"), said);
        assertTrue(said.contains("step 1 add-temporary-port: the journal says temporary port ua-vfm-tmp0 with MAC " + Harness.MAC
                + " is attached to vm1 on host-b; real: vm1 on host-b has no such device; the active slave of bond0 is " + fvf1.name), said);
        assertTrue(said.contains("step 6 attach-vf: the journal says VF fvf0 with MAC " + Harness.MAC + " is attached to vm1 on host-b; real: it is not;"
                + " attached: [fvf1 (MAC " + Harness.MAC + ")]"), said);
        assertTrue(refused.advice().contains("`vfmigrate close run-1`") && refused.advice().contains("`vfmigrate resume run-1`"), said);
        before.assertSame(h);
        assertTrue(h.trace.events.isEmpty(), h.trace.events::toString);
        assertEquals(fvf1.name, g.bonds.get("bond0").active, "the repaired VM keeps its VF active");
        assertEquals(List.of(fvf1.name), g.bonds.get("bond0").slaves);

        // the advice works: the run is closed without touching the VM
        assertEquals(RunState.CLOSED, new CloseRun(h.services("operator")).close("run-1").run().state());
        assertEquals(before.mutations(), h.world.mutations);
    }

    @Test
    void resumeOfARunWhoseVmAnotherRunMovedBackIsRefusedNamingTheMigration() {
        Harness h = diedAfter(6);
        h.world.macvtaps("host-a").add(Harness.MACVTAP);   // as the other run made it
        h.b().migrate("vm1", h.a(), new MigrationRequest(Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Duration.ofMinutes(1)));
        Untouched before = Untouched.of(h);

        var refused = assertThrows(RunContradicted.class, () -> new OpenRun(h.services("other")).resume("run-1", List.of(h.trace)));

        assertTrue(lines(refused).contains("step 5 migrate: the journal says vm1 was migrated to host-b; real: it runs on host-a only"), lines(refused));
        before.assertSame(h);
        assertTrue(h.a().runs("vm1"));
    }

    @Test
    void rollbackOfARunLeftAfterStep6WhoseVmWasFinishedByHandIsRefusedInsteadOfDetachingItsActiveVf() {
        Harness h = diedAfter(6);
        HandRepair.finishByHandOnB(h);
        Untouched before = Untouched.of(h);

        var refused = assertThrows(RunContradicted.class, () -> new OpenRun(h.services("other")).rollback("run-1", List.of(h.trace)));

        String said = lines(refused);
        assertTrue(refused.getMessage().contains("rollback refused"), said);
        assertTrue(said.contains("step 1 add-temporary-port: the journal says temporary port ua-vfm-tmp0"), said);
        assertTrue(said.contains("step 3 fail-over-to-temporary-port: the journal says the temporary port"), said);
        assertTrue(refused.advice().contains("`vfmigrate rollback run-1`"), said);
        before.assertSame(h);
        h.assertHealthyOn(h.b(), "fvf0", Set.of(Harness.MACVTAP));   // the port detached by hand, vfmigrate's macvtap left

        // as before, a resume finds the VM healthy on the destination: done, nothing applied, the macvtap nothing uses removed
        RunOutcome o = new OpenRun(h.services("other")).resume("run-1", List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        assertEquals(before.mutations(), h.world.mutations);
        assertFalse(h.trace.events.stream().anyMatch(e -> e.startsWith("apply:") || e.startsWith("undo")), h.trace.events::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void rollbackBeforeTheMigrationIsRefusedWhenTheDetachedVfCarriesTheTrafficAgain() {
        Harness h = diedAfter(4);
        h.a().plugForSetUp("vm1", h.world.pools.get("host-a").xmlFor(0, Harness.MAC));   // re-attached by hand, and made active
        FakeGuest g = h.a().guest("vm1");
        makeActive(g, newestNic(g));
        Untouched before = Untouched.of(h);

        var refused = assertThrows(RunContradicted.class, () -> new OpenRun(h.services("other")).rollback("run-1", List.of(h.trace)));

        String said = lines(refused);
        assertTrue(said.contains("step 4 detach-vf: the journal says VF fvf0 (MAC " + Harness.MAC + ") is detached from vm1 on host-a;"
                + " real: it is attached again and its interface " + newestNic(g).name + " is the active slave of bond0"), said);
        assertTrue(said.contains("step 3 fail-over-to-temporary-port"), said);
        before.assertSame(h);
    }

    @Test
    void aRunInterruptedWhileCompensatingIsReCheckedBeforeItsResumeUndoesTheRest() {
        Harness h = new Harness();
        h.world.failOn("migrate host-a");   // the migration fails: the run compensates, and its coordinator dies in the first undo
        var killer = new RunListener() {
            public void compensationSucceeded(RunRecord run, int i, String type, Duration took, java.util.Map<String, String> f) {
                throw new ResumeRollbackTest.Death();
            }
        };
        assertThrows(ResumeRollbackTest.Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        h.clock.sleep(Duration.ofMinutes(6));
        assertEquals(RunState.COMPENSATING, h.journal.find("run-1").orElseThrow().state());
        detach(h.a(), "ua-vfm-tmp0");   // someone removed the temporary port meanwhile, though the VF is detached
        Untouched before = Untouched.of(h);

        var refused = assertThrows(RunContradicted.class, () -> new OpenRun(h.services("other")).resume("run-1", List.of(h.trace)));

        assertTrue(lines(refused).contains("step 1 add-temporary-port"), lines(refused));
        before.assertSame(h);
    }

    /** The coordinator dies as the migration starts (its undo registered); the migration completes without it. */
    private static Harness diedInTheMigration() {
        Harness h = new Harness();
        var killer = new RunListener() {
            public void compensationRegistered(RunRecord run, int i, String type) {
                if (type.equals("migrate")) throw new ResumeRollbackTest.Death();
            }
        };
        assertThrows(ResumeRollbackTest.Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        h.world.macvtaps("host-b").add(Harness.MACVTAP);   // as the step made it before migrating
        h.a().migrate("vm1", h.b(), new MigrationRequest(Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Duration.ofMinutes(1)));
        h.clock.sleep(Duration.ofMinutes(6));
        return h;
    }

    @Test
    void aMigrationWithoutAnOutcomeInTheJournalIsNoContradictionWhereverTheVmArrived() {
        Harness h = diedInTheMigration();
        RunOutcome o = new OpenRun(h.services("other")).resume("run-1", List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.b(), "fvf0");

        Harness back = diedInTheMigration();
        RunOutcome undone = new OpenRun(back.services("other")).rollback("run-1", List.of(back.trace));
        assertEquals(RunState.COMPENSATED, undone.state(), () -> back.trace.events.toString());
        back.assertHealthyOn(back.a(), "fvf0");
    }

    @ParameterizedTest(name = "{0} left after step {1}: the hosts agree with the journal, resume and rollback act")
    @CsvSource({"naive,1", "naive,2", "naive,3", "naive,4", "bond-ovs,1", "bond-ovs,2", "bond-ovs,3", "bond-ovs,4", "bond-ovs,5",
            "bond-ovs,6", "bond-ovs,7", "bond-ovs,8", "bond-ovs,9"})
    void whenTheHostsAgreeResumeAndRollbackActAsBefore(String workflow, int n) {
        Harness h = HandRepair.diedAfter(workflow, n);
        RunOutcome o = new OpenRun(h.services("other")).resume("run-1", List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.b(), "fvf0");

        Harness back = HandRepair.diedAfter(workflow, n);
        RunOutcome undone = new OpenRun(back.services("other")).rollback("run-1", List.of(back.trace));
        assertEquals(RunState.COMPENSATED, undone.state(), () -> back.trace.events.toString());
        back.assertHealthyOn(back.a(), "fvf0");
    }
}
