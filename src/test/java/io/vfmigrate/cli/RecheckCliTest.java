package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.run.HandRepair;
import io.vfmigrate.fakes.Harness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `resume` and `rollback` refused for a contradiction: exit 2, the error line, one line per step, the advice; nothing changed. */
class RecheckCliTest {
    @TempDir Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(Harness h, String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        if (!Files.exists(inv)) Files.writeString(inv, Harness.INVENTORY);
        Wiring wiring = (inventory, workflows, options) -> Harness.with(h.services("cli"), inventory, workflows);
        return CliRunner.execute(wiring, inv, out, err, args);
    }

    @Test
    void aContradictedRollbackExitsTwoAndSaysWhichStepsAndWhatToDo() throws Exception {
        Harness h = HandRepair.diedAfter(6);
        HandRepair.finishByHandOnB(h);
        int before = h.world.mutations.size();
        assertEquals(2, run(h, "rollback", "run-1"), () -> out + "\n" + err);
        List<String> all = err.toString().lines().toList();
        List<String> lines = all.subList(all.indexOf(all.stream().filter(l -> l.startsWith("error:")).findFirst().orElseThrow()), all.size());
        assertTrue(lines.get(0).startsWith("error: run run-1: rollback refused: the real state of vm1 contradicts 3 step(s)"), err::toString);
        assertTrue(lines.get(0).endsWith("nothing was changed"), err::toString);
        assertEquals(5, lines.size(), "the error, steps 1 to 3, the advice: " + err);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  step 1 add-temporary-port: the journal says ")), err::toString);
        assertTrue(lines.get(lines.size() - 1).startsWith("  then: if vm1 was repaired by hand (or moved by another run): `vfmigrate close run-1`"),
                err::toString);
        assertEquals(before, h.world.mutations.size());
        h.assertHealthyOn(h.b(), "fvf0", java.util.Set.of(Harness.MACVTAP));   // the port detached by hand, vfmigrate's macvtap left
    }

    @Test
    void withJsonTheRefusalIsTheOutcomeLine() throws Exception {
        Harness h = HandRepair.diedAfter(6);
        HandRepair.finishByHandOnB(h);
        int before = h.world.mutations.size();
        assertEquals(2, run(h, "rollback", "run-1", "--output", "json"), () -> out + "\n" + err);
        List<String> lines = out.toString().lines().toList();
        var last = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("outcome", last.get("type").asText(), out::toString);
        assertEquals("REFUSED", last.get("state").asText(), out::toString);
        assertEquals(2, last.get("exit-code").asInt());
        assertEquals(3, last.get("contradictions").size(), out::toString);
        assertEquals(before, h.world.mutations.size());
    }
}
