package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.ports.ExecResult;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `rolling` on the real store (SQLite) with fake hosts: host-a (vm1, its VF in a bond) and host-b. */
class RollingCliTest extends FakeHostsCli {
    /** Time passes as on real hosts (a millisecond each time it is read): a run and the next host's maintenance are not at one instant. */
    final java.time.Clock ticking = new java.time.Clock() {
        public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
        public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
        public java.time.Instant instant() {
            h.clock.sleep(java.time.Duration.ofMillis(1));
            return h.clock.instant();
        }
    };

    @Override java.time.Clock clock() { return ticking; }

    @Test
    void aDryRunListsEachHostsPlanAndCommandsAndChangesNothing() throws Exception {
        assertEquals(0, run("rolling", "--all", "--hook", "/sbin/upgrade --yes 'a b'", "--health", "/bin/check", "--dry-run"), err::toString);
        String text = out.toString();
        assertTrue(text.indexOf("host host-a (1/2)") < text.indexOf("host host-b (2/2)"), text);
        assertTrue(text.contains("Evacuation plan for host-a: 1 VM(s) to move") && text.contains("vm1"), text);
        assertTrue(text.contains("hook on host-a: /sbin/upgrade --yes 'a b' (timeout 30m)"), text);
        assertTrue(text.contains("then /bin/check exits 0"), text);
        assertTrue(text.contains("dry run: nothing was changed"), text);
        assertTrue(h.world.mutations.isEmpty() && h.world.shellCalls.isEmpty());
        assertFalse(Files.exists(state()), "a dry run creates no store");
    }

    @Test
    void aRollingWritesItsEventsAndOutcomeAndIsListedByRunsAndShow() throws Exception {
        h.world.shellAnswers.put("host-a /sbin/upgrade --yes", new ExecResult(0, "upgraded 3 packages\n\u001b[31mred\n", ""));
        assertEquals(0, run("rolling", "--hosts", "host-a,host-b", "--hook", "/sbin/upgrade --yes", "--output", "json"), () -> out + "\n" + err);
        List<JsonNode> events = MaintenanceCliTest.events(out.toString());
        List<String> types = events.stream().map(e -> e.get("type").asText()).toList();
        assertEquals("rolling-started", types.get(0), types::toString);
        List<String> own = types.stream().filter(t -> List.of("host-started", "hook-started", "hook-ended", "health-passed", "host-returned")
                .contains(t)).toList();
        assertEquals(List.of("host-started", "hook-started", "hook-ended", "health-passed", "host-returned",
                "host-started", "hook-started", "hook-ended", "health-passed", "host-returned"), own);
        assertTrue(types.indexOf("evacuation-started") > types.indexOf("host-started") && types.indexOf("evacuation-started") < types.indexOf("hook-started"),
                types::toString);
        JsonNode hookEnded = events.get(types.indexOf("hook-ended"));
        assertEquals("host-a", hookEnded.get("host").asText());
        assertEquals(0, hookEnded.get("exit-code").asInt());
        assertTrue(hookEnded.has("duration-ms"));
        assertFalse(hookEnded.get("output").toString().contains("\u001b"), "the hook's output is escaped");
        JsonNode outcome = events.get(events.size() - 1);
        assertEquals("outcome", outcome.get("type").asText());
        assertEquals(0, outcome.get("exit-code").asInt());
        assertEquals("returned", outcome.get("hosts").get(0).get("result").asText());
        assertEquals(1, outcome.get("hosts").get(0).get("vms-out").asInt());
        assertEquals(1, outcome.get("hosts").get(0).get("vms-returned").asInt());
        String id = outcome.get("rolling").asText();
        assertTrue(h.a().runs("vm1"));

        assertEquals(0, run("runs", "--all"), err::toString);
        assertTrue(out.toString().contains(id) && out.toString().contains("rolling:fleet"), out::toString);
        assertEquals(0, run("show", id), err::toString);
        assertTrue(out.toString().contains("host-a: hook-started") && out.toString().contains("host-b: host-returned"), out::toString);
        assertEquals(2, run("resume", id));
        assertTrue(err.toString().contains("rolling " + id + " is SUCCEEDED: nothing to resume"), err::toString);
    }

    @Test
    void aFailingHookEndsInExitOneNamingItsHostWithTheTable() throws Exception {
        h.world.shellAnswers.put("host-a /sbin/upgrade", new ExecResult(4, "", "no space left\n"));
        assertEquals(1, run("rolling", "--all", "--hook", "/sbin/upgrade"), err::toString);
        String text = out.toString();
        assertTrue(text.contains("host-a: hook| no space left"), text);
        assertTrue(text.contains("host-a: failed: its hook exited with 4; host-a stays in maintenance"), text);
        assertTrue(text.contains("HOST") && text.contains("not-started"), text);
        assertTrue(text.contains("failed: host-a (in maintenance"), text);
        assertTrue(h.b().runs("vm1"), "vm1 stays away");
    }
}
