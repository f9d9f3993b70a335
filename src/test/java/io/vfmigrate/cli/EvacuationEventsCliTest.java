package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.workflow.RunListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `evacuate --output json` and its text output on the fake fleet of {@link FleetCliTest}: host-a (vm1 bonded, vm2 no VF, vm3 VF in no bond), host-b, host-c. */
class EvacuationEventsCliTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    /** The signal handling of the command that runs (each command its own, as each process has). */
    RunSignals signals;

    @BeforeEach
    void fleet() {
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
        h.world.unbondedVm("host-a", "vm3", 1, "52:54:00:c0:00:33");
    }

    int run(String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        Files.writeString(inv, FleetCliTest.INVENTORY);
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        Wiring wiring = new Wiring() {
            @Override public Services services(io.vfmigrate.config.Inventory inventory, io.vfmigrate.config.WorkflowLoader workflows,
                                               GlobalOptions options) {
                return Harness.with(h.services(), inventory, workflows);
            }

            @Override public RunSignals signals(PrintWriter e) {
                signals = new RunSignals(e, () -> { });
                return signals;
            }
        };
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--inventory", inv.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    /** Every line of stdout as JSON (a line that is not JSON fails here), each with a type, a time and the evacuation id. */
    List<JsonNode> events() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : out.toString().split("\n")) {
            JsonNode e = json.readTree(line);
            assertTrue(e.isObject(), line);
            for (String field : List.of("type", "time", "evacuation")) assertTrue(e.hasNonNull(field), () -> field + " missing in " + line);
            events.add(e);
        }
        return events;
    }

    static final Set<String> EVACUATION_EVENTS = Set.of("evacuation-started", "vm-placed", "vm-replaced", "breaker-opened", "vm-outcome", "outcome");

    static List<String> types(List<JsonNode> events) { return events.stream().map(e -> e.get("type").asText()).toList(); }

    @Test
    void everyEventIsOneLineWithItsIdsAndTheLastIsTheOutcome() throws Exception {
        int code = run("evacuate", "host-a", "--skip-unplaceable", "--parallel", "1", "--output", "json");
        assertEquals(1, code, err::toString);
        List<JsonNode> events = events();
        String evac = events.get(0).get("evacuation").asText();
        assertTrue(evac.startsWith("e") || evac.startsWith("evac-"), evac);
        for (JsonNode e : events) assertEquals(evac, e.get("evacuation").asText(), "one evacuation id throughout: " + e);

        JsonNode started = events.get(0);
        assertEquals("evacuation-started", started.get("type").asText());
        assertEquals("host-a", started.get("host").asText());
        assertEquals(2, started.get("placements").size(), started::toString);
        assertEquals("vm3", started.get("unplaceable").get(0).get("vm").asText());

        Set<String> runIds = new TreeSet<>();
        for (JsonNode e : events) {
            if (EVACUATION_EVENTS.contains(e.get("type").asText())) continue;
            assertTrue(e.has("run") && e.has("vm"), e::toString);
            assertFalse(e.get("run").asText().isEmpty(), () -> "a run event names its run: " + e);
            assertTrue(Set.of("vm1", "vm2").contains(e.get("vm").asText()), e::toString);
            runIds.add(e.get("run").asText());
        }
        assertEquals(2, runIds.size(), "one run per VM moved: " + runIds);
        List<String> types = types(events);
        assertEquals(2, types.stream().filter("vm-placed"::equals).count(), types::toString);
        assertTrue(types.contains("step-started") && types.contains("state"), types::toString);
        assertEquals(3, types.stream().filter("vm-outcome"::equals).count(), "an outcome per VM, the one that stayed too: " + types);

        JsonNode last = events.get(events.size() - 1);
        assertEquals("outcome", last.get("type").asText());
        assertEquals(code, last.get("exit-code").asInt());
        assertEquals(3, last.get("outcomes").size(), last::toString);
        assertEquals(2, last.get("placements").size(), last::toString);
        assertTrue(last.get("open-breakers").isArray());
        assertEquals(1, types.stream().filter("outcome"::equals).count());
        assertEquals("", err.toString());
    }

    @Test
    void anEvacuationRefusedByItsPlanPrintsTheOutcomeLineOnly() throws Exception {
        assertEquals(2, run("evacuate", "host-a", "--output", "json"), err::toString);
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), out::toString);
        JsonNode outcome = new ObjectMapper().readTree(lines.get(0));
        assertEquals("outcome", outcome.get("type").asText());
        assertEquals(2, outcome.get("exit-code").asInt());
        assertTrue(outcome.get("evacuation").isNull(), outcome::toString);
        assertEquals("vm3", outcome.get("unplaceable").get(0).get("vm").asText());
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
    }

    @Test
    void aFailingDestinationIsReplacedAndItsBreakerOpens() throws Exception {
        h.b().diesOnIncomingMigration = true;
        h.world.hypervisors.get("host-c").diesOnIncomingMigration = true;
        int code = run("evacuate", "host-a", "--skip-unplaceable", "--parallel", "1", "--output", "json");
        assertEquals(1, code, err::toString);
        List<JsonNode> events = events();
        List<String> types = types(events);
        assertTrue(types.contains("vm-replaced"), types::toString);
        JsonNode replaced = events.stream().filter(e -> e.get("type").asText().equals("vm-replaced")).findFirst().orElseThrow();
        assertTrue(replaced.get("reason").asText().contains("failed"), replaced::toString);
        List<JsonNode> breakers = events.stream().filter(e -> e.get("type").asText().equals("breaker-opened")).toList();
        assertFalse(breakers.isEmpty(), types::toString);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("outcome", last.get("type").asText());
        assertEquals(code, last.get("exit-code").asInt());
        Set<String> opened = new TreeSet<>();
        last.get("open-breakers").forEach(b -> opened.add(b.asText()));
        assertEquals(breakers.stream().map(b -> b.get("destination").asText()).collect(java.util.stream.Collectors.toCollection(TreeSet::new)),
                opened, "every breaker in the outcome was announced when it opened");
        assertTrue(types.contains("step-failed") || types.contains("undo-succeeded"), types::toString);
    }

    @Test
    void textOutputThatIsNotATerminalHasPlainLinesAndQuietOnlyTheTable() throws Exception {
        assertEquals(1, run("evacuate", "host-a", "--skip-unplaceable", "--parallel", "1"), err::toString);
        String text = out.toString();
        assertTrue(text.matches("(?s)evacuation \\S+ started: 2 VM\\(s\\) to move off host-a\\n.*"), text);
        assertTrue(text.contains("vm1 -> host-b: step 5 migrate done in"), text);
        assertFalse(text.contains("\u001b"), "no escape codes when the output is not a terminal");
        assertFalse(text.contains("{"), text);

        h.world.bondedVm("host-a", "vm4", "52:54:00:c0:00:44");
        h.hostFlags.enable("host-a");
        assertEquals(1, run("evacuate", "host-a", "--skip-unplaceable", "--quiet"), err::toString);
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("VM "), "the table first: " + lines);
        assertTrue(lines.stream().noneMatch(l -> l.contains(": step ") || l.contains("started")), lines::toString);
        assertTrue(out.toString().matches("(?s).*\\nvm4 +host-\\S+ +bond-macvtap +moved .*"), out::toString);
    }

    /** Issue 18, item 2: a SIGTERM while vm1 migrates: vm1 compensates, vm2 does not start, the evacuation is left open for resume. */
    @Test
    void aSigtermLeavesTheEvacuationOpenAndSaysSoThenResumeMovesTheRest() throws Exception {
        h.a().whileMigrating = vm -> signals.received("SIGTERM");
        int code = run("evacuate", "host-a", "--skip-unplaceable", "--parallel", "1");
        assertEquals(1, code, err::toString);
        assertTrue(err.toString().contains("vfmigrate: SIGTERM received: stopping (no new move starts;"), err::toString);
        String text = out.toString();
        assertTrue(text.matches("(?s).*\\nvm1 +- +bond-macvtap +stayed .* 1 +1  \\S+ stopped by SIGTERM: its run towards host-\\S+ ended with exit 1 .*"), text);
        assertTrue(text.matches("(?s).*\\nvm2 +- +plain +stayed .*not started: stopped by SIGTERM\\n.*"), text);
        assertFalse(text.contains("breakers opened"), text);
        var evac = h.journal.runs(false).stream().filter(ParentRuns::isEvacuation).findFirst().orElseThrow();
        assertTrue(text.contains("evacuation " + evac.id() + " is left open: `vfmigrate resume " + evac.id()
                + "` goes on with the VMs still on host-a"), text);
        assertTrue(h.a().runs("vm1") && h.a().runs("vm2"));

        h.a().whileMigrating = vm -> { };
        assertEquals(1, run("resume", evac.id()), err::toString);
        assertTrue(!h.a().runs("vm1") && !h.a().runs("vm2"), out::toString);
        assertEquals(RunState.COMPENSATED, h.journal.find(evac.id()).orElseThrow().state(), "ended: vm3 stays (its VF is in no bond)");
    }

    @Test
    void resumeOfAnEvacuationPrintsTheSameEventStream() throws Exception {
        var spec = new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", true, false);
        Services s = Harness.with(h.services(), InventoryLoader.parse("inv.yaml", FleetCliTest.INVENTORY), h.services().workflows());
        var stopAfterFirst = new java.util.concurrent.atomic.AtomicBoolean();
        var left = Evacuate.on(s, new CircuitBreakers(2),
                MoveGate.unless(stopAfterFirst::get, "stopping"), RunListener.NONE)
                .run(spec, new EvacuationProgress() {
                    public void moveStarted(String vm, String destination, String workflow, int attempt) { stopAfterFirst.set(true); }
                });
        assertTrue(left.leftOpen(), left::toString);
        String evac = left.evacuationId().orElseThrow();

        int code = run("resume", evac, "--output", "json");
        assertEquals(1, code, err::toString);
        List<JsonNode> events = events();
        assertEquals("evacuation-started", events.get(0).get("type").asText());
        assertTrue(events.get(0).get("resumed").asBoolean());
        for (JsonNode e : events) assertEquals(evac, e.get("evacuation").asText(), e::toString);
        assertTrue(types(events).contains("step-started"), types(events)::toString);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("outcome", last.get("type").asText());
        assertEquals(code, last.get("exit-code").asInt());
        assertEquals(evac, last.get("evacuation").asText());
        assertFalse(last.get("left-open").asBoolean(), last::toString);
    }

    /** A coordinator killed while vm1 migrated: `resume EVAC` goes on with vm1's run first (vm-resumed, before evacuation-started). */
    @Test
    void resumeOfAnEvacuationWhoseRunWasLeftOpenResumesThatRunFirst() throws Exception {
        var spec = new EvacuationRequestSpec("host-a", Set.of("host-b"), 1, 2, "bond-macvtap", true, false);
        Services s = Harness.with(h.services(), InventoryLoader.parse("inv.yaml", FleetCliTest.INVENTORY), h.services().workflows());
        var killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, java.time.Duration took, java.util.Map<String, String> facts) {
                if (run.vm().equals("vm1") && type.equals("migrate")) throw new Death();
            }
        };
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Evacuate.on(s,
                new CircuitBreakers(2), MoveGate.OPEN, killer).run(spec,
                EvacuationProgress.NONE));
        String evac = h.journal.runs(false).stream().filter(ParentRuns::isEvacuation).findFirst().orElseThrow().id();
        String vm1Run = h.journal.runs(false).stream().filter(r -> r.vm().equals("vm1")).findFirst().orElseThrow().id();
        h.clock.sleep(java.time.Duration.ofMinutes(6));

        int code = run("resume", evac, "--output", "json");
        assertEquals(1, code, err::toString);   // vm3 (a VF in no bond) stays: skipped as unplaceable
        List<JsonNode> events = events();
        assertEquals("vm-resumed", events.get(0).get("type").asText(), events::toString);
        assertEquals("vm1", events.get(0).get("vm").asText());
        assertEquals(vm1Run, events.get(0).get("run").asText());
        assertEquals("host-b", events.get(0).get("destination").asText());
        for (JsonNode e : events) assertEquals(evac, e.get("evacuation").asText(), e::toString);
        List<String> types = types(events);
        assertTrue(types.indexOf("evacuation-started") > types.indexOf("vm-outcome"), types::toString);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("outcome", last.get("type").asText());
        JsonNode vm1 = null;
        for (JsonNode o : last.get("outcomes")) if (o.get("vm").asText().equals("vm1")) vm1 = o;
        assertEquals("moved", vm1.get("result").asText(), last::toString);
        assertEquals(vm1Run, vm1.get("run").asText(), "its own run, resumed: no second run of vm1");
        assertTrue(h.journal.runs(false).isEmpty(), "nothing left open");
    }

    static final class Death extends Error {
        Death() { super("coordinator died", null, false, false); }
    }

    @Test
    void aRunsMigrationProgressCarriesItsRunVmAndEvacuation() throws Exception {
        StringWriter lines = new StringWriter();
        EvacuationJson json = new EvacuationJson(new PrintWriter(lines), java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC), "host-a");
        json.started("e-1", new EvacuationPlan("host-a", List.of(), List.of()), false);
        var watch = json.watch("vm1", "host-b");
        var record = new RunRecord("run-7", "vm1", "host-a", "host-b", "bond-macvtap", java.util.Map.of(),
                RunState.RUNNING, "c", java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        watch.listener().stepStarted(record, 4, "migrate");
        watch.observer().progress(new MigrationProgress(1000, 0, 10 << 20, 5 << 20, 1, 1 << 20, 0), java.time.Duration.ofMillis(100));
        String[] written = lines.toString().split("\n");
        assertEquals(3, written.length, lines::toString);
        JsonNode progress = new ObjectMapper().readTree(written[2]);
        assertEquals("migration-progress", progress.get("type").asText());
        assertEquals("run-7", progress.get("run").asText());
        assertEquals("vm1", progress.get("vm").asText());
        assertEquals("e-1", progress.get("evacuation").asText());
        assertEquals("host-b", progress.get("destination").asText());
        assertEquals("1970-01-01T00:00:00Z", progress.get("time").asText());
        assertEquals(10 << 20, progress.get("transferred-bytes").asLong());
    }
}
