package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.adapters.store.StateStore;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer expects of the command line (issue 12, item 11) and escaping at the output boundary (item 3). */
class CliFeaturesTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    final List<RealWiring> wirings = new ArrayList<>();
    StringWriter out;
    StringWriter err;

    /** The real wiring (state store on disk under dir/state) with the harness's fake hosts. */
    int run(String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        if (!Files.exists(inv)) Files.writeString(inv, Harness.INVENTORY);
        out = new StringWriter();
        err = new StringWriter();
        RealWiring wiring = new RealWiring(h.connector(), h.clock, h.clock);
        wirings.add(wiring);
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--inventory", inv.toString(), "--state", dir.resolve("state").toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @AfterEach
    void close() { wirings.forEach(RealWiring::close); }

    @Test
    void helpCommandPrintsTheUsageOfOneCommand() throws Exception {
        assertEquals(0, run("help", "migrate"));
        assertTrue(out.toString().contains("--to=HOST") && out.toString().contains("--dry-run"), out::toString);
    }

    @Test
    void versionWorksOnEveryCommand() throws Exception {
        for (String cmd : List.of("migrate", "runs", "show", "resume", "rollback", "validate", "workflows", "completion")) {
            assertEquals(0, run(cmd, "--version"), cmd + ": " + err);
            assertTrue(out.toString().matches("vfmigrate \\d+\\.\\d+\\.\\d+\\S*\\s*"), cmd + ": " + out);
        }
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("vfmigrate "), out::toString);
    }

    @Test
    void completionIsABashScriptFromTheCommandModel() throws Exception {
        assertEquals(0, run("completion"));
        String script = out.toString();
        assertTrue(script.contains("complete -F") && script.contains("vfmigrate"), script);
        for (String word : List.of("migrate", "runs", "show", "resume", "rollback", "validate", "workflows", "--dry-run", "--lease-ttl")) {
            assertTrue(script.contains(word), word);
        }
    }

    @Test
    void validateSaysOkOrListsEveryProblem() throws Exception {
        assertEquals(0, run("validate"), err::toString);
        assertTrue(out.toString().startsWith("ok"), out::toString);
        Path wfs = Files.createDirectories(dir.resolve("wf"));
        Files.writeString(wfs.resolve("a.yaml"), "name: a\nsteps:\n  - type: teleport\n");
        Files.writeString(wfs.resolve("b.yaml"), "name: b\nsteps:\n  - type: migrate\n  - type: guest-command\n    params: {argv: [\"ip\\u0000\"]}\n");
        Files.writeString(wfs.resolve("naive.yaml"), Files.readString(Path.of("workflows/naive.yaml")));
        Files.writeString(dir.resolve("vfmigrate.yaml"), Harness.INVENTORY.replaceFirst("bridge: br0", "bridge: \"..\""));
        assertEquals(2, run("--workflows", wfs.toString(), "validate"));
        List<String> lines = err.toString().lines().toList();
        assertEquals(3, lines.size(), err::toString);
        lines.forEach(l -> assertTrue(l.startsWith("error: "), l));
        assertTrue(lines.get(0).contains("vf-pool.bridge") && lines.get(0).contains("not a network device name"), lines.get(0));
        assertTrue(lines.get(1).contains("a.yaml") && lines.get(1).contains("teleport"), lines.get(1));
        assertTrue(lines.get(2).contains("control character"), lines.get(2));
        assertFalse(Files.exists(dir.resolve("state")));
    }

    @Test
    void workflowsListsNamesAndDescriptions() throws Exception {
        Path wfs = Files.createDirectories(dir.resolve("wf"));
        Files.writeString(wfs.resolve("careful.yaml"), "name: careful\ndescription: naive, then a check\nsteps:\n  - type: migrate\n");
        assertEquals(0, run("--workflows", wfs.toString(), "workflows"), err::toString);
        String text = out.toString();
        assertTrue(text.contains("careful") && text.contains("naive, then a check") && text.contains(wfs.toString()), text);
        for (String name : WorkflowCatalog.BUILT_IN) assertTrue(text.contains(name + " ") && text.contains("(built in)"), text);
    }

    @Test
    void everyShippedWorkflowIsListedAsBuiltIn() throws Exception {
        try (var files = Files.list(Path.of("workflows"))) {
            List<String> shipped = files.map(f -> f.getFileName().toString().replace(".yaml", "")).sorted().toList();
            assertEquals(shipped, WorkflowCatalog.BUILT_IN.stream().sorted().toList());
        }
    }

    @Test
    void quietPrintsTheOutcomeOnly() throws Exception {
        assertEquals(0, run("--quiet", "migrate", "vm1", "--to", "host-b"), err::toString);
        assertEquals(List.of("done: vm1 now runs on host-b"), out.toString().lines().map(l -> l.replaceAll(" \\(run .*", "")).toList());
        assertEquals("", err.toString());
    }

    @Test
    void verboseAndQuietAreAcceptedEverywhereAndSetTheLogLevel() throws Exception {
        assertEquals(0, run("runs", "--verbose"));
        assertEquals(0, run("-q", "runs"));
        assertEquals("info", Main.logLevel(new String[] {"runs", "--verbose"}, null));
        assertEquals("info", Main.logLevel(new String[] {"-v", "migrate"}, "warn"));
        assertEquals("error", Main.logLevel(new String[] {"migrate", "--quiet"}, null));
        assertEquals("debug", Main.logLevel(new String[] {"migrate"}, "debug"));
        assertEquals("warn", Main.logLevel(new String[] {"migrate"}, null));
    }

    @Test
    void runsAndShowSpeakJson() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b"), err::toString);
        assertEquals(0, run("runs", "--all", "--output", "json"));
        JsonNode runs = new ObjectMapper().readTree(out.toString());
        assertEquals(1, runs.size());
        String id = runs.get(0).get("id").asText();
        assertEquals("SUCCEEDED", runs.get(0).get("state").asText());
        assertEquals("vm1", runs.get(0).get("vm").asText());
        assertEquals(0, run("show", id, "--output", "json"));
        JsonNode show = new ObjectMapper().readTree(out.toString());
        assertEquals(id, show.get("id").asText());
        assertTrue(show.get("entries").size() > 9, show::toString);
        assertTrue(show.get("entries").findValuesAsText("step-type").contains("migrate"), show::toString);
    }

    @Test
    void journalContentsAreEscapedInShowAndRuns() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b"), err::toString);
        String id;
        try (var store = StateStore.open(dir.resolve("state").toString(), h.clock)) {
            id = store.journal().runs(true).get(0).id();
            store.journal().append(id, new JournalEntry(h.clock.instant(), JournalEntry.Kind.STATE, -1, "",
                    "\u001b[2J\r[OK     ] forged \u202eevil", Map.of()));
            store.journal().create(new RunRecord("r-evil", "vm\u001b]0;title\u0007", "a", "b", "naive", Map.of(), RunState.RUNNING,
                    "c\u009b31m", h.clock.instant(), h.clock.instant()));
        }
        for (String[] args : List.of(new String[] {"show", id}, new String[] {"runs", "--all"}, new String[] {"show", "r-evil"},
                new String[] {"show", id, "--output", "json"}, new String[] {"runs", "--output", "json"})) {
            assertEquals(0, run(args), err::toString);
            for (String s : List.of(out.toString(), err.toString())) {
                assertFalse(s.chars().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x202e),
                        () -> String.join(" ", args) + " printed a raw control character: " + s);
            }
        }
        assertEquals(0, run("show", id));
        assertTrue(out.toString().contains("\\x1b[2J\\x0d[OK     ] forged \\u202eevil"), out::toString);
        assertEquals(0, run("runs"));
        assertTrue(err.toString().contains("warning: run r-evil (vm\\x1b]0;title\\x07 a -> b"), err::toString);
    }

    @Test
    void aHostileVmNameInAnErrorIsEscaped() throws Exception {
        assertEquals(2, run("migrate", "vm\u001b[31m\u202e", "--to", "host-b"));
        assertTrue(err.toString().contains("vm\\x1b[31m\\u202e"), err::toString);
        assertFalse(err.toString().contains("\u001b"), err::toString);
    }

    @Test
    void aWholeFileIsNeverEchoedInAnError() throws Exception {
        Files.writeString(dir.resolve("vfmigrate.yaml"), "x".repeat(50_000));
        assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--dry-run"));
        assertTrue(err.toString().length() < 1000, () -> "error of " + err.toString().length() + " characters");
    }
}
