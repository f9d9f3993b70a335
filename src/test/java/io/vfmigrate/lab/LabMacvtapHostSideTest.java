package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A macvtap temporary port carries the VM's MAC on the host; the host's own IPv6 autoconfiguration on it (DAD,
 * router solicitations, MLD reports) would announce that MAC from the host. vfmigrate makes the macvtap itself with
 * IPv6 off before it comes up: while the port is on the source, and again once it is on the destination, its host
 * side is vfmigrate's device with IPv6 off and no address, seen on the hosts themselves during a run that waits 3 s at
 * each of those points; after the run no macvtap is left on either host.
 */
@Tag("lab")
class LabMacvtapHostSideTest {
    static final String VM = LabMigrationTest.VM;
    /** The name vfmigrate gives the macvtap of the port with the VM's MAC. */
    static final String VFMIGRATES = "vft" + LabMigrationTest.MAC.replace(":", "");

    @TempDir Path dir;

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    @Test
    void theHostSideOfTheMacvtapNeverSpeaksIpv6() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        String wait = "  - type: wait\n    params: {duration: 3s}\n";
        String wf = Files.readString(Path.of("workflows/bond-macvtap.yaml")).replace("name: bond-macvtap", "name: waits")
                .replace("  - type: detach-vf\n", wait + "  - type: detach-vf\n")
                .replace("  - type: attach-vf\n", wait + "  - type: attach-vf\n");
        assertEquals(2, wf.split("type: wait", -1).length - 1, wf);
        Path file = dir.resolve("waits.yaml");
        Files.writeString(file, wf);

        LiveRun run = LiveRun.start(List.of("migrate", VM, "--to", dest, "--workflow", file.toString()));
        run.until(l -> l.contains("fail-over-to-temporary-port") && l.contains("ok"));
        Thread.sleep(1500);   // past the 1 s of duplicate address detection the host would otherwise run
        assertQuiet(source);
        run.until(l -> l.contains(" migrate ") && l.contains("ok"));
        Thread.sleep(1500);
        assertQuiet(dest);
        run.process().waitFor();
        assertEquals(0, run.process().exitValue(), run::output);
        Lab.assertHealthyOn(dest, VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
        assertEquals(List.of(), macvtaps(source), "the source keeps no macvtap");
        assertEquals(List.of(), macvtaps(dest), "the destination keeps no macvtap");
    }

    private static List<String> macvtaps(String host) {
        return Arrays.stream(Lab.lab("exec", host, "--", "ip", "-o", "link", "show", "type", "macvtap").ok().out().split("\n"))
                .filter(l -> !l.isBlank()).map(l -> l.split(": ")[1].split("@")[0]).toList();
    }

    private static void assertQuiet(String host) {
        List<String> macvtaps = macvtaps(host);
        assertEquals(List.of(VFMIGRATES), macvtaps, "the temporary port's macvtap, vfmigrate's, is on " + host);
        for (String dev : macvtaps) {
            assertEquals("1", Lab.lab("exec", host, "--", "cat", "/proc/sys/net/ipv6/conf/" + dev + "/disable_ipv6").ok().out().strip(),
                    () -> host + ": IPv6 is on for " + dev);
            String addrs = Lab.lab("exec", host, "--", "ip", "-6", "-o", "addr", "show", "dev", dev).ok().out();
            assertTrue(addrs.isBlank(), () -> host + ": " + dev + " has addresses of the host's own: " + addrs);
        }
    }
}
