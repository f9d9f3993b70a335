package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.fakes.FullStore;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.JournalLag;
import io.vfmigrate.workflow.RunOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, item 3 (found on the lab): the state store failing mid-run (its filesystem full; its database locked by
 * another process). The run stops before the action whose transition the journal could not take; its outcome, from
 * what it kept in memory, names the run, what is left on which host and the resume/rollback commands, and says which
 * transitions the journal lacks; releasing the move slot, which fails too, comes after that, never instead of it.
 * Once the store answers again, `resume` or `rollback` go on from the journal alone.
 */
class JournalBehindTest {
    final Harness h = new Harness();

    private MigrationResult migrate(FullStore store) {
        return new MigrateVm(h.services(store)).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false),
                List.of(h.trace));
    }

    @ParameterizedTest(name = "reads fail too: {0}")
    @ValueSource(booleans = {false, true})
    void aStoreThatFailsAfterTheMigrationStopsBeforeStep6AndResumeFinishesOnceItAnswers(boolean locked) {
        FullStore store = FullStore.atStepStart(6, locked);
        MigrationResult r = migrate(store);

        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode());
        RunOutcome o = r.outcome().orElseThrow();
        String run = o.run().id();
        assertEquals(RunState.NEEDS_OPERATOR, o.state());
        assertEquals("the journal could not record step 6 attach-vf started (the state store failed): nothing more was done",
                o.cause().orElseThrow().message());
        JournalLag lag = o.journalLag().orElseThrow();
        assertEquals(List.of("step 6 attach-vf started", "state RUNNING -> NEEDS_OPERATOR", "the list of what is left"), lag.unwritten());
        assertTrue(lag.reason().contains(locked ? "SQLITE_BUSY" : "SQLITE_FULL"), lag::reason);
        assertEquals(List.of("state:RUNNING", "apply:add-temporary-port", "apply:enslave-temporary-port", "apply:fail-over-to-temporary-port",
                "apply:detach-vf", "apply:migrate", "state:NEEDS_OPERATOR"), h.trace.events, "nothing after the write that failed");
        assertTrue(o.leftovers().stream().anyMatch(l -> l.startsWith("host-b: temporary port ua-vfm-tmp") && l.endsWith("is still attached to vm1")),
                o.leftovers()::toString);
        assertTrue(o.leftovers().stream().anyMatch(l -> l.contains("vfmigrate resume " + run) && l.contains("vfmigrate rollback " + run)),
                o.leftovers()::toString);
        assertEquals(1, o.secondaryErrors().size(), o.secondaryErrors()::toString);
        assertTrue(o.secondaryErrors().get(0).startsWith("could not release the move slot of run " + run + " (it expires with the run's lease): "),
                o.secondaryErrors()::toString);
        RunReport report = RunReport.after(h.services(store).journal(), o);
        assertEquals(5, report.steps().size(), "the report from memory: " + report);
        assertTrue(report.leftBehind().stream().anyMatch(l -> l.startsWith("host-b: temporary port ")), report.leftBehind()::toString);

        store.recover();
        List<JournalEntry> journaled = h.journal.entries(run);
        JournalEntry last = journaled.get(journaled.size() - 1);
        assertEquals(JournalEntry.Kind.STEP_SUCCEEDED, last.kind(), "the journal ends where the store failed: " + last);
        assertEquals("migrate", last.stepType());
        assertEquals(RunState.RUNNING, h.journal.find(run).orElseThrow().state());
        h.clock.sleep(Duration.ofMinutes(6));
        RunOutcome resumed = new OpenRun(h.services()).resume(run, List.of());
        assertEquals(RunState.SUCCEEDED, resumed.state());
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aStoreThatFailsBeforeTheMigrationLeavesARunThatRollbackUndoes() {
        FullStore store = FullStore.atStepStart(3, false);
        MigrationResult r = migrate(store);
        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode());
        RunOutcome o = r.outcome().orElseThrow();
        assertEquals("step 3 fail-over-to-temporary-port started", o.journalLag().orElseThrow().unwritten().get(0));
        assertTrue(o.leftovers().stream().anyMatch(l -> l.startsWith("host-a: temporary port ")), o.leftovers()::toString);
        assertTrue(h.a().runs("vm1"));

        store.recover();
        h.clock.sleep(Duration.ofMinutes(6));
        RunOutcome undone = new OpenRun(h.services()).rollback(o.run().id(), List.of());
        assertEquals(RunState.COMPENSATED, undone.state());
        h.assertHealthyOn(h.a(), "fvf0");
    }

    /** The write that failed came after its action (the last step done): the run stops there too; resume finds it done. */
    @Test
    void aStoreThatFailsAsTheLastStepIsJournaledDoneNeedsOnlyAResume() {
        FullStore store = new FullStore(e -> e.kind() == JournalEntry.Kind.STEP_SUCCEEDED && e.stepType().equals("remove-temporary-port"), false);
        MigrationResult r = migrate(store);
        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode());
        RunOutcome o = r.outcome().orElseThrow();
        assertEquals("step 9 remove-temporary-port done", o.journalLag().orElseThrow().unwritten().get(0));
        h.assertHealthyOn(h.b(), "fvf0");

        store.recover();
        h.clock.sleep(Duration.ofMinutes(6));
        assertEquals(RunState.SUCCEEDED, new OpenRun(h.services()).resume(o.run().id(), List.of()).state());
        h.assertHealthyOn(h.b(), "fvf0");
    }
}
