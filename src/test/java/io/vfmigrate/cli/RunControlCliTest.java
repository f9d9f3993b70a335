package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.app.Services;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON event stream, the report, --policy and --probe on the command line, against the fakes. */
class RunControlCliTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        if (!Files.exists(inv)) Files.writeString(inv, Harness.INVENTORY);
        Wiring wiring = (inventory, workflows, options) -> {
            Services s = h.services();
            return Harness.with(s, inventory, workflows);
        };
        return CliRunner.execute(wiring, inv, out, err, args);
    }

    @Test
    void theJsonStreamIsOneObjectPerLineEndingWithTheOutcome() throws Exception {
        int code = run("migrate", "vm1", "--to", "host-b", "--output", "json");
        assertEquals(0, code, err::toString);
        String[] lines = out.toString().split("\n");
        assertTrue(lines.length > 10, out::toString);
        ObjectMapper json = new ObjectMapper();
        String runId = null;
        for (String line : lines) {
            JsonNode e = json.readTree(line);
            for (String field : List.of("type", "run", "vm", "time")) assertTrue(e.has(field), () -> field + " missing in " + line);
            assertEquals("vm1", e.get("vm").asText());
            if (runId == null) runId = e.get("run").asText();
            assertEquals(runId, e.get("run").asText(), "one run id throughout");
        }
        JsonNode last = json.readTree(lines[lines.length - 1]);
        assertEquals("outcome", last.get("type").asText());
        assertEquals(code, last.get("exit-code").asInt());
        assertEquals("SUCCEEDED", last.get("state").asText());
        assertEquals(9, last.get("report").get("steps").size());
        assertTrue(out.toString().contains("\"type\":\"step-started\""));
        assertTrue(out.toString().contains("\"to\":\"SUCCEEDED\""));
    }

    @Test
    void aTextRunEndsWithItsReportAndShowPrintsItAgain() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b"), err::toString);
        String text = out.toString();
        assertTrue(text.contains("report:"), text);
        assertTrue(text.contains("bond verified after step 3 fail-over-to-temporary-port: bond0 active slave"), text);
        assertTrue(text.contains("bond verified after step 8 fail-back-to-vf: bond0 active slave"), text);
        assertFalse(text.contains("\u001b"), "no escape codes when the output is not a terminal");
        assertTrue(text.contains("left behind: nothing (checked: no temporary port on either host, no extra VF attached or reserved)"), text);
        String runId = h.journal.runs(true).get(0).id();
        out.getBuffer().setLength(0);
        assertEquals(0, run("show", runId));
        assertTrue(out.toString().contains("report:"), out::toString);
        assertTrue(out.toString().contains("step 5 migrate"), out::toString);
    }

    @Test
    void quietPrintsTheOutcomeOnly() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--quiet"), err::toString);
        assertEquals(1, out.toString().strip().split("\n").length, out::toString);
        assertTrue(out.toString().startsWith("done: vm1 now runs on host-b"), out::toString);
    }

    @Test
    void aPolicyValueOutOfRangeIsRefusedBeforeAnything() throws Exception {
        assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--policy", "on-timeout=pause"));
        assertTrue(err.toString().contains("--policy on-timeout: 'pause' is not valid (abort|force)"), err::toString);
        assertEquals(List.of(), h.world.mutations);
        assertTrue(h.journal.runs(true).isEmpty());
    }

    @Test
    void theDryRunShowsTheCommandLinesPolicyWithItsSource() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--policy", "progress-timeout=30s"), err::toString);
        assertTrue(out.toString().contains("progress-timeout: 30s (command line)"), out::toString);
        assertTrue(out.toString().contains("on-timeout: abort (default)"), out::toString);
    }

    @Test
    void aProbeThatIsNotHostColonIpIsRefused() throws Exception {
        assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--probe", "host-a:example.org"));
        assertTrue(err.toString().contains("--probe: 'example.org' is not an IP address"), err::toString);
        assertTrue(h.journal.runs(true).isEmpty());
    }

    @Test
    void aProbeFromTheDestinationIsWarnedAbout() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--probe", "host-b:192.0.2.11"), err::toString);
        assertTrue(err.toString().contains("warning: --probe from host-b, a host of this run"), err::toString);
        err.getBuffer().setLength(0);
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--probe", "host-c:192.0.2.11"), err::toString);
        assertFalse(err.toString().contains("warning: --probe"), err::toString);
    }

    @Test
    void aFirstSignalDuringTheRunCompensatesAndExitsOne() {
        RunSignals signals = new RunSignals(new PrintWriter(err), () -> { throw new AssertionError("no halt on a first signal"); });
        signals.received("SIGTERM");
        assertTrue(signals.stopRequested());
        assertTrue(err.toString().contains("A second signal stops at once"), err::toString);
    }

    @Test
    void aSecondSignalHaltsAndNamesTheOpenRun() {
        List<String> halted = new ArrayList<>();
        RunSignals signals = new RunSignals(new PrintWriter(err), () -> halted.add("halt"));
        var record = new RunRecord("run-7", "vm1", "host-a", "host-b", "bond-macvtap", java.util.Map.of(),
                RunState.RUNNING, "c", java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        signals.stateChanged(record, RunState.PENDING, RunState.RUNNING);
        signals.received("SIGINT");
        assertEquals(List.of(), halted);
        signals.received("SIGINT");
        assertEquals(List.of("halt"), halted);
        assertTrue(err.toString().contains("run run-7 is left open in the journal: `vfmigrate resume run-7` or `vfmigrate rollback run-7`"),
                err::toString);
    }
}
