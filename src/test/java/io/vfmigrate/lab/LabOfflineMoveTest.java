package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An evacuation of host-a with a shut-off persistent guest (`lab guest` then `virsh destroy`): its
 * definition leaves host-a by libvirt's offline migration and is on host-b only, naming a VF stand-in of
 * host-b (an evfK tap of host-b's bridge, steered to its MAC), and nothing runs.
 */
@Tag("lab")
class LabOfflineMoveTest {
    static final String VM = "off1";
    static final String MAC = "52:54:00:c0:00:77";
    Path state;

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    @BeforeEach
    void shutOffGuestOnHostA() throws Exception {
        state = Files.createTempDirectory("vfmigrate-lab-offline");
        Lab.lab("remove-guest", VM); // a leftover of an earlier run, if any
        Lab.lab("guest", VM, "--on", "host-a", "--ip", "192.0.2.77/24", "--mac", MAC).ok();
        Lab.lab("virsh", "host-a", "destroy", VM).ok();
        assertEquals("shut off", Lab.lab("virsh", "host-a", "domstate", VM).ok().out().strip());
    }

    @AfterEach
    void cleanUp() {
        Lab.lab("remove-guest", VM);
        Vfmigrate.runWithState(state.toString(), "host", "enable", "host-a");
        if (!LabMigrationTest.whereIs(LabMigrationTest.VM).equals("host-a")) {
            Vfmigrate.runWithState(state.toString(), "migrate", LabMigrationTest.VM, "--to", "host-a");
        }
    }

    static DomainInterface onlyInterface(String host) {
        List<DomainInterface> ifaces = DomainDescription.parse(Lab.lab("virsh", host, "dumpxml", "--inactive", VM).ok().out()).interfaces();
        assertEquals(1, ifaces.size(), ifaces::toString);
        return ifaces.get(0);
    }

    @Test
    void theShutOffGuestsDefinitionMovesToADestinationVf() throws Exception {
        String sourceTap = onlyInterface("host-a").targetDev().orElseThrow();
        Shell.Result r = Vfmigrate.runWithState(state.toString(), "evacuate", "host-a", "--to", "host-b", "--parallel", "2",
                "--skip-unplaceable", "--output", "json");
        assertTrue(r.exit() == 0 || r.exit() == 1, () -> "exit " + r.exit() + ": " + r.out() + r.err());
        JsonNode outcome = null;
        for (JsonNode o : new ObjectMapper().readTree(r.out()).get("outcomes")) if (o.get("vm").asText().equals(VM)) outcome = o;
        assertTrue(outcome != null, r::out);
        assertEquals("moved", outcome.get("result").asText(), outcome::toString);
        assertEquals("offline", outcome.get("workflow").asText());
        assertEquals("host-b", outcome.get("destination").asText());

        assertNotEquals(0, Lab.lab("virsh", "host-a", "domstate", VM).exit(), "undefined on host-a");
        assertEquals("shut off", Lab.lab("virsh", "host-b", "domstate", VM).ok().out().strip(), "defined, not running, on host-b");
        DomainInterface vf = onlyInterface("host-b");
        assertEquals("ethernet", vf.type());
        assertEquals(MAC, vf.mac().value());
        String tap = vf.targetDev().orElseThrow();
        assertTrue(tap.matches("evf\\d+"), vf::toString);
        assertTrue(Lab.lab("exec", "host-b", "--", "ip", "-o", "link", "show", "dev", tap).ok().out().contains("master br0"),
                tap + " is a VF stand-in of host-b");
        assertEquals(Optional.of(tap), Lab.steeredPort("host-b", MAC), "host-b steers the MAC to the VF the definition names");
        assertEquals(Optional.empty(), Lab.steeredPort("host-a", MAC), "host-a's " + sourceTap + " no longer keeps the MAC");
        assertEquals(List.of(), Lab.hostsRunning(VM), "nothing runs");
    }
}
