package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures caused for real in the lab: each is refused (2) or compensated (1), the VM healthy where it was. */
@Tag("lab")
class LabFailureTest {
    static final String VM = LabMigrationTest.VM;
    static final String MAC = LabMigrationTest.MAC;
    static final String ADDRESS = LabMigrationTest.ADDRESS;

    @TempDir Path dir;

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    @Test
    void aDestinationWithoutFreeVfIsRefused() {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        List<String> taps = Lab.takeVfSlots(dest, 0, 8);
        try {
            Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", dest);
            assertEquals(2, r.exit(), () -> r.out() + r.err());
            assertTrue(r.out().contains("[FAILED ] free-vf:labnet#0: no free VF of network labnet on " + dest), r::out);
        } finally {
            Lab.giveBackVfSlots(dest, taps);
        }
        Lab.assertHealthyOn(source, VM, MAC, ADDRESS);
    }

    @Test
    void aStoppedDestinationDaemonBeforeTheMigrationIsCompensated() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        String wf = Files.readString(Path.of("workflows/bond-macvtap.yaml")).replace("name: bond-macvtap", "name: paused")
                .replace("  - type: migrate\n", "  - type: wait\n    params: {duration: 5s}\n  - type: migrate\n");
        Path file = dir.resolve("paused.yaml");
        Files.writeString(file, wf);
        Process p = new ProcessBuilder(Vfmigrate.argv(Vfmigrate.STATE.toString(), "migrate", VM, "--to", dest, "--workflow", file.toString()))
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = FollowedOutput.follow(p, out);
        boolean stopped = false;
        try {
            // the daemon stops while the wait runs (its progress line has no end yet), before the migration starts
            stopped = FollowedOutput.await(p, out, "step 5 wait", java.time.Duration.ofSeconds(60));
            if (stopped) Lab.lab("daemon", "stop", dest).ok();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            reader.join(5000);
        } finally {
            if (p.isAlive()) p.destroyForcibly();
            if (stopped) Lab.lab("daemon", "start", dest).ok();
        }
        assertTrue(stopped, out::toString);
        assertEquals(1, p.exitValue(), out::toString);
        assertTrue(out.toString().contains("failed and compensated"), out::toString);
        Lab.assertHealthyOn(source, VM, MAC, ADDRESS);
    }

    @Test
    void aGuestWithoutBondOrWithoutAgentIsRefused() {
        String host = LabMigrationTest.whereIs(VM);
        String guest = "vm-plain";
        String address = "192.0.2.13";
        String mac = "52:54:00:c0:00:13";
        Lab.lab("guest", guest, "--on", host, "--no-bond", "--ip", address + "/24", "--mac", mac).ok();
        try {
            var before = Lab.domain(host, guest).interfaces();
            Shell.Result noBond = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", guest, "--to", LabMigrationTest.other(host));
            assertEquals(2, noBond.exit(), () -> noBond.out() + noBond.err());
            assertTrue(noBond.out().contains("[FAILED ] vf-in-bond:"), noBond::out);
            assertTrue(noBond.out().contains("is in no bond"), noBond::out);
            assertEquals(before, Lab.domain(host, guest).interfaces(), "nothing changed");

            // The guest's init respawns its agent: put a binary that is not the agent in its place first.
            Lab.guestExec(host, guest, "sh", "-c", "(sleep 1; mount -o bind /bin/false /sbin/qemu-ga; kill $(pidof qemu-ga)) >/dev/null 2>&1 &");
            sleep(3000);
            assertTrue(Lab.lab("virsh", host, "qemu-agent-command", guest, "{\"execute\":\"guest-ping\"}").exit() != 0, "the agent is stopped");
            Shell.Result noAgent = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", guest, "--to", LabMigrationTest.other(host), "--workflow", "naive");
            assertEquals(2, noAgent.exit(), () -> noAgent.out() + noAgent.err());
            assertTrue(noAgent.out().contains("[FAILED ] guest-agent:"), noAgent::out);
            assertEquals(List.of(host), Lab.hostsRunning(guest));
            assertEquals(before, Lab.domain(host, guest).interfaces(), "nothing changed");
            assertTrue(Lab.observerReaches(address));
        } finally {
            Lab.lab("remove-guest", guest);
        }
        Lab.assertHealthyOn(host, VM, MAC, ADDRESS);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
