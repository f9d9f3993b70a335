package io.vfmigrate.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest-side enslave script run by this machine's sh against a sysfs tree in a directory and an `ip` that replays
 * `ip -o monitor link` lines: what it enslaves, what it leaves alone, and that it ends its monitor once done.
 */
class EnslaveOnArrivalScriptTest {
    static final Mac MAC = Mac.parse("52:54:00:c0:00:11");
    static final String EVENT = "5: eth2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\"
            + "    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff";

    @TempDir Path dir;

    record Ended(int exit, String stdout, long millis) {}

    private Path sys() { return dir.resolve("sys"); }

    private void nic(String name, int ifindex, String mac, String flags, boolean slave) throws IOException {
        Path d = Files.createDirectories(sys().resolve(name));
        Files.createDirectories(d.resolve("device"));
        if (slave) Files.createDirectories(d.resolve("master"));
        Files.writeString(d.resolve("ifindex"), ifindex + "\n");
        Files.writeString(d.resolve("address"), mac + "\n");
        Files.writeString(d.resolve("flags"), flags + "\n");
    }

    /** An `ip` whose monitor runs {@code events} (a shell snippet) and then waits 30 s; `ip link set dev X down` is logged. */
    private Ended run(String events, Set<Integer> known, int seconds) throws Exception {
        Files.createDirectories(sys().resolve("bond0/bonding"));
        Files.writeString(sys().resolve("bond0/bonding/slaves"), "eth0\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path ip = bin.resolve("ip");
        Files.writeString(ip, String.join("\n", "#!/bin/sh", "S=" + sys(),
                "case \"$*\" in",
                "  '-o monitor link') " + events + "; exec sleep 30;;",
                "  'link set dev '*' down') echo \"$4 down\" >> " + dir.resolve("ip.log") + "; echo 0x1002 > \"$S/$4/flags\";;",
                "  *) exit 2;;",
                "esac", ""));
        Files.setPosixFilePermissions(ip, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> argv = new ArrayList<>(GuestCommands.enslaveOnArrival(MAC, new GuestInterfaceName("bond0"), known, seconds));
        argv.add(sys().toString());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(false);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        long start = System.nanoTime();
        Process p = pb.start();
        assertTrue(p.waitFor(seconds + 10, TimeUnit.SECONDS), "the script ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Ended(p.exitValue(), out, (System.nanoTime() - start) / 1_000_000);
    }

    private String slaves() throws IOException { return Files.readString(sys().resolve("bond0/bonding/slaves")).strip(); }

    private String newNic(String flags) {
        return "mkdir -p $S/eth2/device; echo 5 > $S/eth2/ifindex; echo 52:54:00:c0:00:11 > $S/eth2/address; echo " + flags
                + " > $S/eth2/flags; sleep 0.2; echo '" + EVENT + "'";
    }

    @Test
    void aNicWithTheMacThatAppearsIsEnslavedAndReportedAndTheMonitorEnded() throws Exception {
        nic("eth0", 3, "52:54:00:c0:00:11", "0x1003", true);
        nic("eth1", 4, "52:54:00:c0:00:11", "0x1003", true);
        Ended e = run("sleep 0.3; " + newNic("0x1002"), Set.of(3, 4), 20);
        assertEquals(0, e.exit());
        assertEquals("5 eth2", e.stdout().strip());
        assertEquals("+eth2", slaves());
        assertTrue(e.millis() < 5_000, "ended with the enslave, not with its monitor's 30 s: " + e.millis() + " ms");
    }

    @Test
    void aNicThatIsThereBeforeTheMonitorSeesItIsFoundByTheFirstLook() throws Exception {
        nic("eth2", 5, "52:54:00:c0:00:11", "0x1002", false);
        Ended e = run("true", Set.of(), 20);
        assertEquals(0, e.exit());
        assertEquals("5 eth2", e.stdout().strip());
        assertEquals("+eth2", slaves());
    }

    /** Only "+NAME" is ever written: a NIC that something brought up is left to the step (which brings it down first). */
    @Test
    void aNicThatSomethingBroughtUpIsLeftToTheStep() throws Exception {
        Ended e = run(newNic("0x1003"), Set.of(), 1);
        assertEquals(1, e.exit());
        assertEquals("", e.stdout().strip());
        assertEquals("eth0", slaves());
        assertTrue(Files.notExists(dir.resolve("ip.log")), "nothing brought down");
    }

    /** The step gave up waiting and enslaved the NIC itself: the watcher ends at once instead of outliving its attach. */
    @Test
    void aNicThatSomethingElseEnslavedEndsTheWatcher() throws Exception {
        String events = "sleep 0.2; mkdir -p $S/eth2/device $S/eth2/master; echo 5 > $S/eth2/ifindex; echo 52:54:00:c0:00:11 > $S/eth2/address;"
                + " echo 0x1003 > $S/eth2/flags; echo '" + EVENT + "'";
        Ended e = run(events, Set.of(), 20);
        assertEquals(3, e.exit());
        assertEquals("eth0", slaves(), "nothing written");
        assertTrue(e.millis() < 5_000, "ended with the event, not its deadline: " + e.millis() + " ms");
    }

    @Test
    void knownLinksSlavesAndOtherMacsAreLeftAloneUntilTheDeadline() throws Exception {
        nic("eth0", 3, "52:54:00:c0:00:11", "0x1003", true);
        nic("eth1", 4, "52:54:00:c0:00:11", "0x1002", false);
        nic("eth3", 6, "52:54:00:c0:00:99", "0x1002", false);
        Files.createDirectories(sys().resolve("bond0.100"));
        Files.writeString(sys().resolve("bond0.100/ifindex"), "7\n");
        Files.writeString(sys().resolve("bond0.100/address"), "52:54:00:c0:00:11\n");
        Files.writeString(sys().resolve("bond0.100/flags"), "0x1003\n");
        String events = "echo '4: eth1: <BROADCAST> mtu 1500\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff';"
                + " echo '7: bond0.100@bond0: <BROADCAST> mtu 1500\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff'";
        Ended e = run(events, Set.of(3, 4), 1);
        assertEquals(1, e.exit(), "nothing to enslave: known links (the VF already enslaved, the temporary port), another MAC, an upper device");
        assertEquals("", e.stdout().strip());
        assertEquals("eth0", slaves());
    }
}
