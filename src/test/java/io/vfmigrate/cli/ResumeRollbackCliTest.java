package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.run.MigrateVm;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.workflow.RunListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `resume RUN` and `rollback RUN` with migrate's machinery: the JSON event stream, --quiet, and signals (through RunSignals' test seam). */
class ResumeRollbackCliTest {
    static final class Death extends Error {
        Death() { super("coordinator died", null, false, false); }
    }

    @TempDir Path dir;
    final Harness h = new Harness();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<String> halted = new ArrayList<>();
    final RunSignals signals = new RunSignals(new PrintWriter(err, true), () -> halted.add("halt"));

    int run(String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        if (!Files.exists(inv)) Files.writeString(inv, Harness.INVENTORY);
        Wiring wiring = new Wiring() {
            @Override public Services services(Inventory inventory, WorkflowLoader workflows, GlobalOptions options) {
                return Harness.with(h.services(), inventory, workflows);
            }

            @Override public RunSignals signals(PrintWriter e) { return signals; }
        };
        return CliRunner.execute(wiring, inv, out, err, args);
    }

    /** vm1's run to host-b, its coordinator dead after step {@code n}, its lease expired: the run id. */
    String diedAfter(int n) {
        RunListener killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                if (i + 1 == n) throw new Death();
            }
        };
        assertThrows(Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        h.clock.sleep(Duration.ofMinutes(6));
        return h.journal.runs(false).get(0).id();
    }

    /** Every line of stdout parsed (one that is not JSON fails), each with type, run, vm and time, the run the one resumed. */
    List<JsonNode> events(String runId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            JsonNode e = new ObjectMapper().readTree(line);
            for (String field : List.of("type", "run", "vm", "time")) assertTrue(e.hasNonNull(field), () -> field + " missing in " + line);
            assertEquals(runId, e.get("run").asText(), line);
            assertEquals("vm1", e.get("vm").asText(), line);
            events.add(e);
        }
        return events;
    }

    /** The first {@code count} calls to either hypervisor deliver a SIGTERM each, once the command runs. */
    void signalOnHypervisorCalls(int count) {
        AtomicInteger left = new AtomicInteger(count);
        Runnable signal = () -> { if (left.getAndDecrement() > 0) signals.received("SIGTERM"); };
        h.a().onCall = signal;
        h.b().onCall = signal;
    }

    @Test
    void resumeInJsonIsOneEventPerLineEndingWithTheOutcome() throws Exception {
        String runId = diedAfter(3);
        int code = run("resume", runId, "--output", "json");
        assertEquals(0, code, err::toString);
        List<JsonNode> events = events(runId);
        List<String> types = events.stream().map(e -> e.get("type").asText()).toList();
        assertTrue(types.contains("step-started") && types.contains("step-succeeded"), types::toString);
        assertEquals(1, types.stream().filter("outcome"::equals).count());
        JsonNode last = events.get(events.size() - 1);
        assertEquals("outcome", last.get("type").asText());
        assertEquals(code, last.get("exit-code").asInt());
        assertEquals("SUCCEEDED", last.get("state").asText());
        assertTrue(last.get("report").get("steps").size() >= 6, last::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void rollbackInJsonEndsWithTheOutcomeAndItsExitCode() throws Exception {
        String runId = diedAfter(6);
        int code = run("rollback", runId, "--output", "json");
        assertEquals(1, code, err::toString);
        List<JsonNode> events = events(runId);
        assertTrue(events.stream().anyMatch(e -> e.get("type").asText().equals("undo-succeeded")), out::toString);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("outcome", last.get("type").asText());
        assertEquals(code, last.get("exit-code").asInt());
        assertEquals("COMPENSATED", last.get("state").asText());
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void quietResumePrintsTheOutcomeOnly() throws Exception {
        String runId = diedAfter(2);
        assertEquals(0, run("resume", runId, "--quiet"), err::toString);
        assertEquals(List.of("done: vm1 now runs on host-b (run " + runId + ")"), out.toString().lines().toList());
    }

    @Test
    void aFirstSignalDuringAResumeBeforeTheMigrationCompensates() throws Exception {
        String runId = diedAfter(2);
        signalOnHypervisorCalls(1);
        int code = run("resume", runId, "--output", "json");
        assertEquals(1, code, err::toString);
        JsonNode last = events(runId).get(events(runId).size() - 1);
        assertEquals("COMPENSATED", last.get("state").asText(), last::toString);
        assertTrue(last.get("cause").asText().contains("stopped by a signal"), last::toString);
        assertTrue(err.toString().contains("SIGTERM received: stopping") && err.toString().contains("A second signal stops at once"), err::toString);
        assertEquals(List.of(), halted);
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void aFirstSignalDuringAResumeAfterTheMigrationLetsItFinishForward() throws Exception {
        String runId = diedAfter(6);
        signalOnHypervisorCalls(1);
        assertEquals(0, run("resume", runId), err::toString);
        assertTrue(out.toString().contains("done: vm1 now runs on host-b"), out::toString);
        assertTrue(out.toString().contains("report:"), out::toString);
        assertTrue(err.toString().contains("SIGTERM received"), err::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aSecondSignalDuringAResumeStopsAtOnceNamingTheRun() throws Exception {
        String runId = diedAfter(6);
        signalOnHypervisorCalls(2);
        run("resume", runId);
        assertEquals(List.of("halt"), halted);
        assertTrue(err.toString().contains("run " + runId + " is left open in the journal: `vfmigrate resume " + runId + "`"), err::toString);
    }

    @Test
    void aFirstSignalDuringARollbackLetsItFinish() throws Exception {
        String runId = diedAfter(6);
        signalOnHypervisorCalls(1);
        assertEquals(1, run("rollback", runId), err::toString);
        assertTrue(err.toString().contains("SIGTERM received: the rollback goes on to its end"), err::toString);
        assertFalse(err.toString().contains("the migration job is aborted"), err::toString);
        assertTrue(out.toString().contains("failed and compensated: vm1 is as it was on host-a"), out::toString);
        h.assertHealthyOn(h.a(), "fvf0");
    }
}
