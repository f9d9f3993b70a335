package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.5, measured: frames that the embedded switch steers to a VF whose guest NIC is attached but not up
 * yet (its driver has posted no receive buffers). A real VF drops them; the lab's tap queues them and QEMU
 * delivers them late, once the NIC comes up, unless `lab vf-queue 1` makes the stand-ins drop them too.
 */
@Tag("lab")
class LabVfQueueTest {
    static final String VM = "vm7";
    static final String SECOND_MAC = "52:54:00:5e:00:07";
    static final String HOST = "host-a";
    static final int SENT = 40;

    @BeforeAll
    static void guest() {
        Lab.requireUp();
        if (Lab.hostsRunning(VM).isEmpty()) {
            Lab.guests(List.of(List.of("guest", VM, "--on", HOST, "--ip", "192.0.2.17/24", "--mac", "52:54:00:c0:00:17")));
        }
    }

    @AfterAll
    static void cleanUp() {
        Lab.lab("vf-queue", "1000").ok();
        Lab.lab("remove-guest", VM);
    }

    @Test
    void aVfStandInDeliversLateWhatARealVfDropsUnlessItsQueueIsOne() {
        int queued = deliveredOnceUp(1000, "evf6");
        int dropping = deliveredOnceUp(1, "evf7");
        System.out.printf("frames steered to a VF stand-in whose guest NIC is not up, received once it came up: %d of %d with a queue of 1000, %d with a queue of 1%n",
                queued, SENT, dropping);
        assertTrue(queued >= SENT, () -> "the tap's default queue keeps every frame for the NIC that is not up: " + queued);
        // one frame kept, and at most a few broadcasts of the lab that arrive once the NIC is up
        assertTrue(dropping <= 4, () -> "a queue of one frame drops the rest, as a VF whose driver is not up: " + dropping);
    }

    /**
     * Hot-plugs {@code tap} into the guest as a second NIC that its init leaves down, steers a MAC to it, sends it
     * {@value #SENT} frames from the observer, then brings the NIC up in the guest: the frames it received.
     */
    private static int deliveredOnceUp(int queue, String tap) {
        Lab.lab("vf-queue", String.valueOf(queue)).ok();
        Lab.lab("exec", HOST, "--", "ip", "link", "set", tap, "txqueuelen", String.valueOf(queue)).ok();
        String xml = "<interface type='ethernet'><mac address='" + SECOND_MAC + "'/><target dev='" + tap
                + "' managed='no'/><model type='virtio'/><alias name='ua-queue'/></interface>";
        Lab.eswitch(HOST, "ovs-appctl", "fdb/add", Lab.ESWITCH, tap, "0", SECOND_MAC);
        Lab.eswitch(HOST, "ovs-appctl", "revalidator/purge");
        java.nio.file.Path file = Vfmigrate.STATE.resolve("queue-" + tap + ".xml");
        try {
            java.nio.file.Files.writeString(file, xml);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Lab.lab("virsh", HOST, "attach-device", VM, file.toString(), "--live").ok();
        try {
            String nic = awaitNic();
            // frames for the MAC, from a neighbour entry the observer is given (nothing answers them)
            Lab.lab("observer", "--", "ip", "neigh", "replace", "192.0.2.250", "lladdr", SECOND_MAC, "dev", "eth0").ok();
            Lab.lab("observer", "--", "ping", "-c", String.valueOf(SENT), "-i", "0.01", "-W", "1", "192.0.2.250");
            Lab.guestExec(HOST, VM, "ip", "link", "set", nic, "up");
            LabCrashTest.sleep(300);
            return Integer.parseInt(Lab.guestExec(HOST, VM, "cat", "/sys/class/net/" + nic + "/statistics/rx_packets").strip());
        } finally {
            Lab.lab("virsh", HOST, "detach-device-alias", VM, "ua-queue", "--live");
            Lab.lab("observer", "--", "ip", "neigh", "del", "192.0.2.250", "dev", "eth0");
            Lab.eswitchRun(HOST, Lab.ESWITCH, "ovs-appctl", "fdb/del", Lab.ESWITCH, "0", SECOND_MAC);
            waitGone();
        }
    }

    /** The guest's NIC with the second MAC, once the hot-plug shows it. */
    private static String awaitNic() {
        for (int i = 0; i < 100; i++) {
            String out = Lab.guestExec(HOST, VM, "sh", "-c", "grep -l -x " + SECOND_MAC + " /sys/class/net/*/address");
            if (out.contains("/sys/class/net/")) return out.strip().split("/")[4];
            LabCrashTest.sleep(100);
        }
        throw new AssertionError("the hot-plugged NIC with " + SECOND_MAC + " did not appear in " + VM);
    }

    private static void waitGone() {
        for (int i = 0; i < 100; i++) {
            if (!Lab.lab("virsh", HOST, "dumpxml", VM).ok().out().contains("ua-queue")) return;
            LabCrashTest.sleep(100);
        }
    }
}
