package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * `evacuate --output json` against the lab (issue 10): host-a is evacuated to host-b (vm1 moves), then
 * host-b back to host-a; each stream parses line by line, every line has its type, time and the
 * evacuation id, vm1's run events carry its run id, and the last line is the outcome with the exit code
 * the process returned. Where vm1 runs is checked from outside vfmigrate. About a minute of lab time.
 */
@Tag("lab")
class LabEvacuationJsonTest {
    static final String VM = LabMigrationTest.VM;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    @BeforeEach
    void vmOnHostA() {
        enableBoth();
        if (!LabMigrationTest.whereIs(VM).equals("host-a")) {
            Shell.Result back = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", "host-a");
            assertEquals(0, back.exit(), () -> back.out() + back.err());
        }
    }

    @AfterEach
    void enableBoth() {
        Vfmigrate.run(Lab.INVENTORY, Map.of(), "host", "enable", "host-a");
        Vfmigrate.run(Lab.INVENTORY, Map.of(), "host", "enable", "host-b");
    }

    @Test
    void evacuatingToHostBAndBackPrintsOneEventPerLineEndingWithTheOutcome() throws Exception {
        evacuate("host-a", "host-b");
        Lab.assertHealthyOn("host-b", VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
        Vfmigrate.run(Lab.INVENTORY, Map.of(), "host", "enable", "host-a");
        evacuate("host-b", "host-a");
        Lab.assertHealthyOn("host-a", VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
    }

    /** `evacuate FROM --to TO --output json`, and the checks of its stream. */
    private void evacuate(String from, String to) throws Exception {
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "evacuate", from, "--to", to, "--parallel", "1", "--output", "json");
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            JsonNode e = JSON.readTree(line); // a line that is not one JSON object fails here
            assertTrue(e != null && e.isObject(), () -> "not a JSON object: " + line);
            for (String f : List.of("type", "time")) assertTrue(e.hasNonNull(f), () -> f + " missing in " + line);
            events.add(e);
        }
        JsonNode last = events.get(events.size() - 1);
        assertEquals("outcome", last.get("type").asText(), r::out);
        assertEquals(r.exit(), last.get("exit-code").asInt(), "the last line's exit code is the process's");
        assertEquals(0, r.exit(), () -> r.out() + r.err());
        for (JsonNode e : events) assertTrue(e.hasNonNull("evacuation"), e::toString);
        String evacuation = events.get(0).get("evacuation").asText();
        assertEquals("evacuation-started", events.get(0).get("type").asText());
        for (JsonNode e : events) assertEquals(evacuation, e.get("evacuation").asText(), e::toString);

        List<JsonNode> vmRun = events.stream().filter(e -> e.has("run") && VM.equals(e.path("vm").asText())
                && !List.of("vm-outcome", "outcome").contains(e.get("type").asText())).toList();
        assertFalse(vmRun.isEmpty(), r::out);
        String runId = vmRun.get(0).get("run").asText();
        assertFalse(runId.isEmpty(), vmRun.get(0)::toString);
        for (JsonNode e : vmRun) assertEquals(runId, e.get("run").asText(), "one run for vm1: " + e);
        assertTrue(vmRun.stream().anyMatch(e -> e.get("type").asText().equals("migration-completed")), r::out);
        assertTrue(events.stream().anyMatch(e -> e.get("type").asText().equals("vm-placed") && VM.equals(e.get("vm").asText())
                && to.equals(e.get("destination").asText())), r::out);
        JsonNode outcome = events.stream().filter(e -> e.get("type").asText().equals("vm-outcome") && VM.equals(e.get("vm").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no vm-outcome for " + VM + ": " + r.out()));
        assertEquals("moved", outcome.get("result").asText(), outcome::toString);
        assertEquals(runId, outcome.get("run").asText());
        assertTrue(last.get("outcomes").toString().contains("\"" + VM + "\""), last::toString);
        assertEquals(evacuation, last.get("evacuation").asText());
    }
}
