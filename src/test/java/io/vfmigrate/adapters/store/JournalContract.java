package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.JournalEntry.Kind;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every durable journal does; run on SQLite and on PostgreSQL by the subclasses. */
abstract class JournalContract extends StoreFixture {
    private RunRecord run(String id, String vm) {
        return new RunRecord(id, vm, "hostA", "hostB", "bond-macvtap", Map.of("workflow", "bond-macvtap", "ttl", "60s"),
                RunState.PENDING, "coord-1:42", clock.instant(), clock.instant());
    }

    private JournalEntry entry(Kind kind, int step, String type, Map<String, String> facts) {
        return new JournalEntry(clock.instant(), kind, step, type, kind + " of " + type, facts);
    }

    @Test
    void aCreatedRunIsFoundAsItWasGiven() {
        Journal journal = open().journal();
        RunRecord run = run("r1", "web-1");
        journal.create(run);
        assertEquals(run, journal.find("r1").orElseThrow());
        assertTrue(journal.find("r2").isEmpty());
    }

    @Test
    void aRunWithoutHostsWorkflowOrCoordinatorRoundTrips() {
        Journal journal = open().journal();
        RunRecord bare = new RunRecord("r1", "web-1", null, null, null, Map.of(), RunState.PENDING, null,
                Instant.parse("2026-11-24T12:00:00.123456789Z"), Instant.parse("2026-11-24T12:00:00.123456789Z"));
        journal.create(bare);
        assertEquals(bare, journal.find("r1").orElseThrow());
    }

    @Test
    void creatingARunTwiceIsRefused() {
        Journal journal = open().journal();
        journal.create(run("r1", "web-1"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> journal.create(run("r1", "web-2")));
        assertMentions(e.getMessage(), "r1", "exists already");
        assertEquals("web-1", journal.find("r1").orElseThrow().vm());
    }

    @Test
    void entriesKeepTheirOrderAndFacts() {
        Journal journal = open().journal();
        journal.create(run("r1", "web-1"));
        List<JournalEntry> written = List.of(
                entry(Kind.STATE, -1, "", Map.of()),
                entry(Kind.STEP_STARTED, 0, "add-temporary-port", Map.of()),
                entry(Kind.COMPENSATION_REGISTERED, 0, "add-temporary-port", Map.of()),
                entry(Kind.STEP_SUCCEEDED, 0, "add-temporary-port",
                        Map.of("temporaryPort.mac", "52:54:00:12:34:56", "note", "quote \" backslash \\ newline \n é ü ☃")),
                entry(Kind.STEP_FAILED, 1, "enslave-temporary-port", Map.of("", "empty key", "empty value", "")));
        written.forEach(e -> journal.append("r1", e));
        assertEquals(written, journal.entries("r1"));
    }

    @Test
    void entriesOfRunsDoNotMix() {
        Journal journal = open().journal();
        journal.create(run("r1", "web-1"));
        journal.create(run("r2", "web-2"));
        journal.append("r1", entry(Kind.STEP_STARTED, 0, "a", Map.of()));
        journal.append("r2", entry(Kind.STEP_STARTED, 0, "b", Map.of()));
        journal.append("r1", entry(Kind.STEP_SUCCEEDED, 0, "a", Map.of("k", "v")));
        assertEquals(List.of("a", "a"), journal.entries("r1").stream().map(JournalEntry::stepType).toList());
        assertEquals(List.of("b"), journal.entries("r2").stream().map(JournalEntry::stepType).toList());
    }

    @Test
    void aNewRunHasNoEntriesAndAnUnknownRunIsRefused() {
        Journal journal = open().journal();
        journal.create(run("r1", "web-1"));
        assertEquals(List.of(), journal.entries("r1"));
        assertThrows(IllegalStateException.class, () -> journal.entries("nope"));
        assertThrows(IllegalStateException.class, () -> journal.append("nope", entry(Kind.STATE, -1, "", Map.of())));
        assertThrows(IllegalStateException.class, () -> journal.updateState("nope", RunState.RUNNING));
    }

    @Test
    void updateStateMovesTheRunAndStampsTheTime() {
        Journal journal = open().journal();
        RunRecord created = run("r1", "web-1");
        journal.create(created);
        clock.sleep(Duration.ofSeconds(5));
        journal.updateState("r1", RunState.RUNNING);
        journal.updateState("r1", RunState.RUNNING);
        RunRecord found = journal.find("r1").orElseThrow();
        assertEquals(RunState.RUNNING, found.state());
        assertEquals(created.created(), found.created());
        assertEquals(created.created().plusSeconds(5), found.updated());
    }

    @Test
    void anIllegalTransitionIsRefusedAndChangesNothing() {
        Journal journal = open().journal();
        journal.create(run("r1", "web-1"));
        journal.updateState("r1", RunState.RUNNING);
        journal.updateState("r1", RunState.SUCCEEDED);
        assertThrows(RunState.IllegalRunTransitionException.class, () -> journal.updateState("r1", RunState.RUNNING));
        assertEquals(RunState.SUCCEEDED, journal.find("r1").orElseThrow().state());
    }

    /** Also those of one VM ({@code runsOf}): newest first, whatever their state. */
    @Test
    void runsAreListedNewestFirstAndOpenOnesUnlessAll() {
        Journal journal = open().journal();
        journal.create(run("old", "web-1"));
        clock.sleep(Duration.ofMinutes(1));
        journal.create(run("middle", "web-1"));
        clock.sleep(Duration.ofMinutes(1));
        journal.create(run("new", "web-3"));
        journal.create(run("newer-same-instant", "web-4"));
        journal.updateState("middle", RunState.RUNNING);
        journal.updateState("middle", RunState.SUCCEEDED);
        journal.updateState("old", RunState.RUNNING);
        journal.updateState("old", RunState.NEEDS_OPERATOR);
        assertEquals(List.of("newer-same-instant", "new", "middle", "old"), ids(journal.runs(true)));
        assertEquals(List.of("newer-same-instant", "new", "old"), ids(journal.runs(false)));
        assertEquals(List.of("middle", "old"), ids(journal.runsOf("web-1")));
        assertEquals(List.of(), journal.runsOf("web-9"));
    }

    @Test
    void everythingSurvivesClosingAndReopeningTheStore() {
        StateStore first = open();
        first.journal().create(run("r1", "web-1"));
        first.journal().append("r1", entry(Kind.STEP_SUCCEEDED, 3, "detach-vf", Map.of("vf.pci", "0000:3b:02.1")));
        first.journal().updateState("r1", RunState.RUNNING);
        RunRecord before = first.journal().find("r1").orElseThrow();
        List<JournalEntry> entriesBefore = first.journal().entries("r1");
        first.close();

        Journal reopened = open().journal();
        assertEquals(before, reopened.find("r1").orElseThrow());
        assertEquals(entriesBefore, reopened.entries("r1"));
        assertEquals(List.of("r1"), ids(reopened.runs(false)));
    }

    @Test
    void aWriteIsVisibleToAnotherStoreAsSoonAsItReturns() {
        Journal writer = open().journal();
        Journal reader = open().journal();
        writer.create(run("r1", "web-1"));
        writer.append("r1", entry(Kind.STEP_STARTED, 0, "add-temporary-port", Map.of()));
        writer.updateState("r1", RunState.RUNNING);
        assertEquals(RunState.RUNNING, reader.find("r1").orElseThrow().state());
        assertEquals(1, reader.entries("r1").size());
    }

    private static List<String> ids(List<RunRecord> runs) { return runs.stream().map(RunRecord::id).toList(); }
}
