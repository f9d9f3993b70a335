package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19: a guest on a VLAN provider network. Its VF is on VLAN 100 (the emulated PF's embedded switch tags
 * its frames; the guest's bond is untagged) and only the observer of VLAN 100 reaches it. Checked from
 * outside: the destination VF's VLAN as the switch has it, no temporary port left, the VLAN's observer
 * pinging all along; a temporary port left untagged cuts the guest off; spoof checking carried and enforced.
 */
@Tag("lab")
class LabVlanNetworkTest {
    static final String VM = "vm5";
    static final String MAC = "52:54:00:c0:00:15";
    static final String ADDRESS = "192.0.2.15";
    static final int VLAN = 100;
    static final String FORGED_MAC = "52:54:00:5f:00:01";

    @TempDir Path dir;

    @BeforeAll
    static void vlanGuest() {
        Lab.requireUp();
        if (Lab.hostsRunning(VM).isEmpty()) {
            Lab.guests(List.of(List.of("guest", VM, "--on", "host-a", "--ip", ADDRESS + "/24", "--mac", MAC, "--vf-vlan", String.valueOf(VLAN))));
        }
    }

    @AfterAll
    static void removeGuest() { Lab.lab("remove-guest", VM); }

    @ParameterizedTest(name = "{0} there and back")
    @ValueSource(strings = {"bond-macvtap", "bond-ovs"})
    void aGuestOnAVlanStaysReachableThereAndBack(String workflow) {
        String start = LabMigrationTest.whereIs(VM);
        for (String to : List.of(LabMigrationTest.other(start), start)) {
            PingMeter.Loss loss = migrate(workflow, to);
            System.out.printf("%s to %s on VLAN %d: %s%n", workflow, to, VLAN, loss);
            assertOnVlan(to);
            assertTrue(loss.lost() <= 60, () -> "the temporary port carries VLAN " + VLAN + ": " + loss);
        }
    }

    /**
     * The proof that the VLAN matters: a copy of bond-ovs whose temporary port is untagged puts the guest on the
     * wrong network. The fail-over's data-path check finds it out (the probe's address is not reachable there)
     * and the run compensates: exit 1, the guest back on its VF. Without that check the guest would be cut off
     * for the whole temporary-port phase; with it, for the time the check takes.
     */
    @Test
    void aTemporaryPortLeftUntaggedCutsTheGuestOff() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        Path untagged = dir.resolve("untagged.yaml");
        String wf = Files.readString(Path.of("workflows/bond-ovs.yaml")).replace("name: bond-ovs", "name: untagged-port");
        String step = "  - type: add-temporary-port\n    params: {";
        assertTrue(wf.contains(step), wf);
        Files.writeString(untagged, wf.replace(step, step + "vlan: none, "));
        String dest = LabMigrationTest.other(source);
        Shell.Result[] run = new Shell.Result[1];
        PingMeter.Loss cut = measured(() -> run[0] = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", dest, "--workflow", untagged.toString()));
        assertEquals(1, run[0].exit(), () -> run[0].out() + run[0].err());
        assertTrue(run[0].out().contains("the data path is lost"), run[0]::out);
        assertOnVlan(source);
        System.out.printf("temporary port untagged: %s (then compensated); on the VF's VLAN: see the runs there and back%n", cut);
        // the same run on the VF's VLAN loses at most 60 (aGuestOnAVlanStaysReachableThereAndBack)
        assertTrue(cut.lost() >= 150, () -> "the untagged port cuts the guest off until the check gives up: " + cut);
    }

    @Test
    void spoofCheckingIsCarriedAndDropsAForgedSourceBeforeAndAfterAMigration() {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        assertTrue(forgedPingAnswered(source), "without spoof checking a forged source gets through (the check can fail)");
        Lab.lab("spoofchk", source, slot(source), "on").ok();
        try {
            assertFalse(forgedPingAnswered(source), "spoof checking drops the forged source on " + source);
            migrate("bond-ovs", dest);
            assertOnVlan(dest);
            String vf = Lab.domain(dest, VM).interfaces().get(0).targetDev().orElseThrow();
            assertTrue(Lab.eswitch(dest, "ovs-ofctl", "dump-flows", "in_port=" + vf).contains("actions=drop"), "the destination VF checks spoofing");
            assertFalse(forgedPingAnswered(dest), "spoof checking drops the forged source on " + dest);
        } finally {
            for (String h : Lab.hosts()) {
                for (int k = 0; k < 8; k++) {
                    if (Lab.eswitch(h, "ovs-ofctl", "dump-flows", "in_port=evf" + k).contains("actions=drop")) Lab.lab("spoofchk", h, String.valueOf(k), "off").ok();
                }
            }
        }
    }

    private static String slot(String host) {
        return Lab.domain(host, VM).interfaces().get(0).targetDev().orElseThrow().replace("evf", "");
    }

    /**
     * From a macvlan over the guest's bond with another MAC (so its frames leave through the VF with a forged
     * source), one ping of the VLAN's observer; the macvlan is removed again.
     */
    private static boolean forgedPingAnswered(String host) {
        String out = Lab.guestExec(host, VM, "sh", "-c", "ip link add link bond0 name spoof0 address " + FORGED_MAC
                + " type macvlan mode private && ip addr add 192.0.2.199/24 dev spoof0 && ip link set spoof0 up"
                + " && ping -c 2 -W 2 -I spoof0 192.0.2.2; r=$?; ip link del spoof0; echo exit=$r");
        return out.contains("exit=0");
    }

    private static PingMeter.Loss migrate(String workflow, String to) {
        return measured(() -> {
            Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", to, "--workflow", workflow);
            assertEquals(0, r.exit(), () -> r.out() + r.err());
        });
    }

    /** The pings the VLAN's observer lost while {@code action} ran. */
    private static PingMeter.Loss measured(Runnable action) {
        try (PingMeter ping = new PingMeter(ADDRESS, Optional.of(VLAN))) {
            Thread.sleep(500);
            action.run();
            Thread.sleep(500);
            return ping.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Healthy on {@code host} with its VF on the VLAN: the VLAN's observer reaches it, the untagged one does not. */
    private static void assertOnVlan(String host) {
        Lab.assertHealthyOn(host, VM, MAC, null);
        String vf = Lab.domain(host, VM).interfaces().get(0).targetDev().orElseThrow();
        assertEquals(Optional.of(VLAN), Lab.vfVlan(host, vf), "the VF's VLAN on " + host);
        boolean reached = false;
        for (int i = 0; i < 3 && !reached; i++) {
            reached = Lab.lab("observer", "--vlan", String.valueOf(VLAN), "--", "ping", "-c", "1", "-W", "2", ADDRESS).exit() == 0;
        }
        assertTrue(reached, "VLAN " + VLAN + "'s observer reaches " + ADDRESS);
        assertEquals(1, Lab.lab("observer", "--", "ping", "-c", "1", "-W", "1", ADDRESS).exit(), "the untagged observer does not reach " + ADDRESS);
    }
}
