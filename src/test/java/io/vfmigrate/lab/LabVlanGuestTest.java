package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.1: a guest whose address is on a VLAN over its bond (bond0.100, carrying the bond's MAC, the
 * common SR-IOV layout) migrated there with bond-macvtap and back with bond-ovs; checked from outside: the VF
 * is the bond's only slave, the VLAN is up in the guest and a second guest on VLAN 100 (vm4, the VLAN's
 * observer: this machine's kernel has neither 8021q nor bridge VLAN filtering, so the observer namespace
 * cannot tag frames) reaches it.
 */
@Tag("lab")
class LabVlanGuestTest {
    static final String VM = "vm3";
    static final String MAC = "52:54:00:c0:00:13";
    static final String VLAN_ADDRESS = "198.18.100.13";
    static final String OBSERVER = "vm4";

    @BeforeAll
    static void vlanGuest() {
        Lab.requireUp();
        List<List<String>> starts = new ArrayList<>();
        if (Lab.hostsRunning(VM).isEmpty()) {
            starts.add(List.of("guest", VM, "--on", "host-a", "--ip", "192.0.2.13/24", "--mac", MAC, "--vlan", "100"));
        }
        if (Lab.hostsRunning(OBSERVER).isEmpty()) {
            starts.add(List.of("guest", OBSERVER, "--on", "host-b", "--ip", "192.0.2.14/24", "--mac", "52:54:00:c0:00:14", "--vlan", "100"));
        }
        Lab.guests(starts);
        assertVlanUp(LabMigrationTest.whereIs(VM));
    }

    @AfterAll
    static void removeGuests() {
        Lab.lab("remove-guest", VM, OBSERVER);
    }

    static void assertVlanUp(String host) {
        // a guest whose agent answers may still be bringing its bond and VLAN up (its init goes on): waited for, up to 20 s
        String state = "";
        for (long end = System.nanoTime() + 20_000_000_000L; !state.equals("up") && System.nanoTime() < end; ) {
            state = Lab.guestExec(host, VM, "cat", "/sys/class/net/bond0.100/operstate").strip();
            if (!state.equals("up")) LabCrashTest.sleep(200);
        }
        assertEquals("up", state, "bond0.100 is up");
        String slaves = Lab.guestExec(host, VM, "cat", "/sys/class/net/bond0/bonding/slaves").strip();
        assertTrue(!slaves.contains("bond0.100"), () -> "the VLAN is no slave: " + slaves);
        // one reply is enough; asked up to three times (ping -c 3 waited a second between requests)
        String ping = "";
        for (int i = 0; i < 3 && !ping.contains(" 1 packets received"); i++) {
            ping = Lab.guestExec(LabMigrationTest.whereIs(OBSERVER), OBSERVER, "ping", "-c", "1", "-W", "2", VLAN_ADDRESS);
        }
        String said = ping;
        assertTrue(said.contains(" 1 packets received"), () -> "vm4 reaches " + VLAN_ADDRESS + " over VLAN 100: " + said);
    }

    /** There with bond-macvtap, back with bond-ovs (each workflow both ways on a VF's own VLAN: LabVlanNetworkTest). */
    @Test
    void migratesThereAndBack() {
        String start = LabMigrationTest.whereIs(VM);
        List<String> workflows = List.of("bond-macvtap", "bond-ovs");
        List<String> legs = List.of(LabMigrationTest.other(start), start);
        for (int i = 0; i < 2; i++) {
            String to = legs.get(i);
            String workflow = workflows.get(i);
            Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", to, "--workflow", workflow);
            assertEquals(0, r.exit(), () -> r.out() + r.err());
            assertTrue(r.out().contains("done: " + VM + " now runs on " + to), r::out);
            // the VF is the bond's only, active slave; no temporary port left; vm4 reaches the VLAN address
            Lab.assertHealthyOn(to, VM, MAC, null);
            assertVlanUp(to);
        }
    }
}
