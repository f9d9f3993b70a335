package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Item 3 of issue 8 in the lab: a coordinator killed after step 6 (the VF attached on the destination,
 * the bond still on the temporary port), then an operator repairs the guest by hand (the guest agent
 * and virsh, not vfmigrate). `resume` and `rollback` re-check the steps they would skip or undo and,
 * when the hosts contradict the journal, refuse with exit 2 and touch nothing: the guest stays healthy,
 * checked from outside (virsh, the guest's sysfs, the observer's ping).
 */
@Tag("lab")
class LabRecheckTest {
    static final String VM = LabMigrationTest.VM;
    static final String MAC = LabMigrationTest.MAC;
    static final String ADDRESS = LabMigrationTest.ADDRESS;

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    private static String killedAfterStep6(String dest) {
        Shell.Result killed = Vfmigrate.run(Lab.INVENTORY, Map.of("VFMIGRATE_TEST_KILL_AFTER_STEP", "6"), "--lease-ttl", "2s", "migrate", VM, "--to", dest);
        assertEquals(137, killed.exit(), () -> killed.out() + killed.err());
        Matcher m = LabFaultTest.RUN_ID.matcher(killed.out());
        assertTrue(m.find(), killed::out);
        return m.group(1);
    }

    private static String sysfs(String host, String file) {
        return Lab.guestExec(host, VM, "cat", "/sys/class/net/bond0/bonding/" + file).strip();
    }

    /**
     * In the guest, by hand: the VF the run attached (a NIC with the VM's MAC that is not the active slave: the guest enslaved
     * it as it appeared, or, where it could not, it is in no bond yet) is in bond0 and becomes its active slave.
     */
    private static String makeTheAttachedVfActiveByHand(String host) {
        String vf = Lab.guestExec(host, VM, "sh", "-c", "act=$(cat /sys/class/net/bond0/bonding/active_slave); for d in /sys/class/net/*; do"
                + " n=${d##*/}; [ \"$n\" = \"$act\" ] && continue; [ -e \"$d/device\" ] || continue;"
                + " [ \"$(cat $d/address)\" = \"" + MAC + "\" ] && echo \"$n\"; done").strip();
        assertTrue(vf.matches("[A-Za-z0-9_.-]{1,15}"), () -> "one NIC with " + MAC + " besides the active slave: '" + vf + "'");
        Lab.guestExec(host, VM, "sh", "-c", "[ -e /sys/class/net/" + vf + "/master ] || { ip link set dev " + vf + " down; echo +" + vf
                + " > /sys/class/net/bond0/bonding/slaves; }; echo " + vf + " > /sys/class/net/bond0/bonding/active_slave");
        assertEquals(vf, sysfs(host, "active_slave"), "the hand repair made the VF active");
        return vf;
    }

    /** By hand: the temporary port leaves the bond (all_slaves_active back to 0) and is detached with virsh. */
    private static void removeTheTemporaryPortByHand(String host, String vf) {
        String tmp = List.of(sysfs(host, "slaves").split("\\s+")).stream().filter(s -> !s.equals(vf)).findFirst().orElseThrow();
        Lab.guestExec(host, VM, "sh", "-c", "echo 0 > /sys/class/net/bond0/bonding/all_slaves_active; echo -" + tmp
                + " > /sys/class/net/bond0/bonding/slaves");
        Lab.lab("virsh", host, "detach-device-alias", VM, "ua-vfm-tmp0", "--live").ok();
        for (int i = 0; i < 100 && Lab.domain(host, VM).interfaces().size() > 1; i++) LabCrashTest.sleep(100);
    }

    @Test
    void resumeAfterAPartialRepairByHandIsRefusedAndTheGuestKeepsItsVf() {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        String run = killedAfterStep6(dest);
        String vf = makeTheAttachedVfActiveByHand(dest);   // the temporary port stays, a standby slave
        LabCrashTest.sleep(2500);   // the dead coordinator's lease expired
        String xml = Lab.domain(dest, VM).interfaces().toString();

        Shell.Result resumed = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "resume", run);

        String said = resumed.out() + resumed.err();
        assertEquals(2, resumed.exit(), said);
        assertTrue(said.contains("resume refused") && said.contains("nothing was changed"), said);
        assertTrue(said.contains("step 3 fail-over-to-temporary-port: the journal says the temporary port"), said);
        assertTrue(said.contains("`vfmigrate close " + run + "`"), said);
        assertEquals(List.of(dest), Lab.hostsRunning(VM));
        assertEquals(xml, Lab.domain(dest, VM).interfaces().toString(), "resume touched no device");
        assertEquals(vf, sysfs(dest, "active_slave"), "the VF the operator made active stays active");
        assertTrue(Lab.observerReaches(ADDRESS), "the guest answers");

        // the operator finishes by hand and closes the run, as advised
        removeTheTemporaryPortByHand(dest, vf);
        Shell.Result closed = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "close", run);
        assertEquals(0, closed.exit(), () -> closed.out() + closed.err());
        assertTrue(closed.out().contains(dest + ": removed macvtap " + LabMacvtapHostSideTest.VFMIGRATES + ", unused"), closed::out);
        Lab.assertHealthyOn(dest, VM, MAC, ADDRESS);
    }

    @Test
    void rollbackAfterAFullRepairByHandIsRefusedInsteadOfDetachingTheActiveVfAndResumeIsDoneWithoutActing() {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        String run = killedAfterStep6(dest);
        String vf = makeTheAttachedVfActiveByHand(dest);
        removeTheTemporaryPortByHand(dest, vf);
        LabCrashTest.sleep(2500);
        String macvtap = LabMacvtapHostSideTest.VFMIGRATES;
        Lab.assertHealthyOn(dest, VM, MAC, ADDRESS, macvtap);   // the port detached by hand; vfmigrate's macvtap is left

        Shell.Result rolledBack = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "rollback", run);

        String said = rolledBack.out() + rolledBack.err();
        assertEquals(2, rolledBack.exit(), said);
        assertTrue(said.contains("rollback refused") && said.contains("step 1 add-temporary-port: the journal says temporary port ua-vfm-tmp0"), said);
        Lab.assertHealthyOn(dest, VM, MAC, ADDRESS, macvtap);   // its VF was not detached: no outage

        Shell.Result resumed = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "resume", run);
        assertEquals(0, resumed.exit(), () -> resumed.out() + resumed.err());
        Lab.assertHealthyOn(dest, VM, MAC, ADDRESS);   // done without acting on the VM; the macvtap nothing used is gone
        Shell.Result runs = Vfmigrate.run(Lab.INVENTORY, Map.of(), "runs");
        assertFalse(runs.err().contains("was left open"), runs::err);
    }
}
