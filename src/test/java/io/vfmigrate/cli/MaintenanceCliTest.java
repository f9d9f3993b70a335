package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `maintenance enter|status|exit` on the real store (SQLite) with fake hosts: host-a (vm1, its VF in a bond) and host-b. */
class MaintenanceCliTest extends FakeHostsCli {

    static List<JsonNode> events(String text) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) if (!line.isBlank()) nodes.add(new ObjectMapper().readTree(line));
        return nodes;
    }

    @Test
    void aDryRunOfEnterPlansAndChangesNothing() throws Exception {
        assertEquals(0, run("maintenance", "enter", "host-a", "--dry-run"), err::toString);
        assertTrue(out.toString().contains("vm1") && out.toString().contains("host-b"), out::toString);
        assertTrue(out.toString().contains("dry run: nothing was changed"), out::toString);
        assertTrue(h.world.mutations.isEmpty());
        assertFalse(Files.exists(state()), "a dry run creates no store");
    }

    @Test
    void enterStatusAndExitWithTheirEventsAndTables() throws Exception {
        assertEquals(0, run("maintenance", "enter", "host-a", "--output", "json"), err::toString);
        List<String> types = events(out.toString()).stream().map(e -> e.get("type").asText()).toList();
        assertEquals("maintenance-started", types.get(0), types::toString);
        assertTrue(types.indexOf("evacuation-started") > 0 && types.indexOf("maintenance-entered") > types.indexOf("evacuation-started"), types::toString);
        JsonNode outcome = events(out.toString()).get(types.size() - 1);
        assertEquals("outcome", outcome.get("type").asText());
        assertEquals("in", outcome.get("phase").asText());
        assertEquals("vm1", outcome.get("away").get(0).get("vm").asText());
        assertEquals("host-b", outcome.get("away").get(0).get("went-to").asText());
        String id = outcome.get("maintenance").asText();
        assertTrue(h.b().runs("vm1"));

        assertEquals(2, run("maintenance", "enter", "host-a"));
        assertTrue(err.toString().contains("error: host host-a is in maintenance since"), err::toString);

        assertEquals(0, run("maintenance", "status"), err::toString);
        assertTrue(out.toString().startsWith("host-a: maintenance " + id + ", in since "), out::toString);
        assertTrue(out.toString().matches("(?s).*vm1 +host-b +host-b +bond-macvtap +running .*"), out::toString);

        assertEquals(0, run("maintenance", "exit", "host-a", "--dry-run"), err::toString);
        assertTrue(out.toString().matches("(?s).*vm1 +host-b +would-return +by bond-macvtap, wave 1.*"), out::toString);
        assertTrue(out.toString().contains("dry run: nothing was changed"), out::toString);
        assertEquals(0, run("hosts", "--output", "json"));
        assertTrue(out.toString().contains("maintenance (" + id + ")"), "the dry run left host-a disabled: " + out);

        assertEquals(0, run("maintenance", "exit", "host-a"), err::toString);
        assertTrue(out.toString().matches("(?s).*vm1 +host-b +returned +.*"), out::toString);
        assertTrue(out.toString().contains("maintenance " + id + " closed: host-a enabled"), out::toString);
        h.assertHealthyOn(h.a(), "fvf0");

        assertEquals(0, run("maintenance", "status"));
        assertEquals("no host is in maintenance\n", out.toString());
        assertEquals(0, run("maintenance", "status", "--all", "--output", "json"));
        JsonNode all = new ObjectMapper().readTree(out.toString());
        assertEquals("closed", all.get("maintenances").get(0).get("phase").asText());
        assertEquals("returned", all.get("maintenances").get(0).get("closed-how").asText());
        assertEquals(2, run("maintenance", "exit", "host-a"));
        assertTrue(err.toString().contains("host host-a is not in maintenance"), err::toString);
    }

    @Test
    void exitWithoutReturnEnablesTheHostAndLeavesTheVmsAway() throws Exception {
        assertEquals(0, run("maintenance", "enter", "host-a"), err::toString);
        assertEquals(0, run("maintenance", "exit", "host-a", "--no-return"), err::toString);
        assertTrue(out.toString().matches("(?s).*vm1 +host-b +stayed +--no-return.*"), out::toString);
        assertTrue(h.b().runs("vm1"));
        assertEquals(0, run("hosts"));
        assertFalse(out.toString().contains("maintenance ("), out::toString);
    }
}
