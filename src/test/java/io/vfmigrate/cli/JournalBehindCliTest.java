package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.fakes.FullStore;
import io.vfmigrate.fakes.Harness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 3 through the CLI: a state store that fails in the middle of `migrate` (full, or locked by another
 * process). Exit 3 with what exit 3 promises, from the run's memory: the run id, what is left on which host, the
 * resume and rollback commands, and a plain line saying that the journal is behind; the move slot that could not be
 * released comes after, never instead.
 */
class JournalBehindCliTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(FullStore store, String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        Files.writeString(inv, Harness.INVENTORY);
        Wiring wiring = (inventory, workflows, options) -> Harness.with(h.services(store), inventory, workflows);
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--inventory", inv.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void aStoreLockedAfterTheMigrationEndsWithTheRunsReportFromMemory() throws Exception {
        assertEquals(3, run(FullStore.atStepStart(6, true), "migrate", "vm1", "--to", "host-b"), err::toString);
        String text = out.toString();
        String run = h.journal.runs(false).get(0).id();
        List<String> lines = text.lines().toList();
        int outcome = indexOf(lines, "needs an operator: run " + run + ": the journal could not record step 6 attach-vf started (the state store failed)");
        int behind = indexOf(lines, "  the journal is behind: the state store failed (");
        int left = indexOf(lines, "  left behind: host-b: temporary port ua-vfm-tmp");
        int commands = indexOf(lines, "  left behind: resume with: vfmigrate resume " + run + "   or undo with: vfmigrate rollback " + run);
        int slot = indexOf(lines, "after the run: could not release the move slot of run " + run);
        assertTrue(outcome < behind && behind < left && left < commands && commands < slot, text);
        assertTrue(lines.get(behind).contains("SQLITE_BUSY") && lines.get(behind).endsWith("(`vfmigrate show` does not have them): step 6 attach-vf started; state RUNNING -> NEEDS_OPERATOR; the list of what is left"), text);
        assertTrue(text.contains("  step 5 migrate "), "the steps done, from memory: " + text);
        assertFalse(err.toString().contains("error:"), () -> "no error line instead of the report: " + err);
        assertFalse(err.toString().contains("at io.vfmigrate"), err::toString);
    }

    @Test
    void inJsonTheOutcomeSaysWhatTheJournalLacksAndWhatFailedAfter() throws Exception {
        assertEquals(3, run(FullStore.atStepStart(6, false), "migrate", "vm1", "--to", "host-b", "--output", "json"), err::toString);
        String[] lines = out.toString().split("\n");
        JsonNode last = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("outcome", last.get("type").asText(), last::toString);
        assertEquals("NEEDS_OPERATOR", last.get("state").asText());
        assertEquals(3, last.get("exit-code").asInt());
        assertEquals("step 6 attach-vf started", last.at("/journal-behind/unwritten/0").asText(), last::toString);
        assertTrue(last.at("/journal-behind/reason").asText().contains("SQLITE_FULL"), last::toString);
        assertTrue(last.at("/secondary-errors/0").asText().startsWith("could not release the move slot of run "), last::toString);
        assertTrue(last.get("leftovers").toString().contains("host-b: temporary port"), last::toString);
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(start)) return i;
        throw new AssertionError("no line starting with \"" + start + "\" in:\n" + String.join("\n", lines));
    }
}
