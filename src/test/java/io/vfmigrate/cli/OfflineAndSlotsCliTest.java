package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import io.vfmigrate.ports.MoveSlots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `migrate --workflow offline`, `workflows`, and `evacuate` waiting for a move slot, through the CLI on fake hosts. */
class OfflineAndSlotsCliTest {
    static final String INVENTORY = FleetCliTest.INVENTORY;
    @TempDir Path dir;
    final Harness h = new Harness();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void fleet() {
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
    }

    int runWith(String inventory, String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        Files.writeString(inv, inventory);
        out = new StringWriter();
        err = new StringWriter();
        Wiring wiring = (inventoryLoaded, workflows, options) -> Harness.with(h.services(), inventoryLoaded, workflows);
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--inventory", inv.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void migrateMovesAShutOffVmsDefinitionWithTheOfflineWorkflow() throws Exception {
        h.world.shutOffVm("host-a", "off1", 2, "52:54:00:c0:00:77");
        assertEquals(0, runWith(INVENTORY, "migrate", "off1", "--to", "host-b", "--workflow", "offline"), err::toString);
        assertTrue(out.toString().contains("done: off1 is now defined (shut off) on host-b"), out::toString);
        assertTrue(h.b().shutOff.get("off1").contains("fvf0"), h.b().shutOff::toString);
        assertEquals(0, runWith(INVENTORY, "workflows"));
        assertTrue(out.toString().contains("offline"), out::toString);
    }

    @Test
    void evacuateSaysWhenAMoveWaitsForASlotOtherCoordinatorsHold() throws Exception {
        h.leases.acquire("vm:evacuate:host-x", "e-other", "other-coordinator", Duration.ofSeconds(30));
        assertEquals(Optional.empty(), h.moveSlots.take(new MoveSlots.Slot("e-other", "other-coordinator", "vm9", "host-x", "host-c"), 1, 2));
        int exit = runWith("defaults: {max-concurrent-moves: 1}\n" + INVENTORY, "evacuate", "host-a");
        assertEquals(0, exit, () -> out + "\n" + err);
        assertTrue(out.toString().contains("waits for a move slot (1 move runs (the inventory-wide cap, defaults.max-concurrent-moves, is 1))"),
                out::toString);
    }

    @Test
    void withJsonTheWaitIsAnEvent() throws Exception {
        h.leases.acquire("vm:evacuate:host-x", "e-other", "other-coordinator", Duration.ofSeconds(30));
        assertEquals(Optional.empty(), h.moveSlots.take(new MoveSlots.Slot("e-other", "other-coordinator", "vm9", "host-x", "host-c"), 1, 2));
        int exit = runWith("defaults: {max-concurrent-moves: 1}\n" + INVENTORY, "evacuate", "host-a", "--output", "json");
        assertEquals(0, exit, () -> out + "\n" + err);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        boolean waited = false;
        for (String line : out.toString().split("\n")) {
            var e = json.readTree(line);
            if (e.get("type").asText().equals("vm-waiting")) {
                waited = true;
                assertTrue(e.get("reason").asText().contains("the inventory-wide cap"), line);
                assertTrue(e.hasNonNull("vm") && e.hasNonNull("destination") && e.hasNonNull("evacuation"), line);
            }
        }
        assertTrue(waited, out::toString);
    }
}
