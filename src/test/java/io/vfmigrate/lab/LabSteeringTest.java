package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulated VF steers its programmed MAC to its port, as a NIC's embedded switch does: a workflow
 * that forgets to clear the source VF's MAC after the detach blackholes the VM's traffic from then on
 * (an OVS temporary port sits behind the bridge, so nothing reaches it; a 2 s wait after the detach
 * makes the blackhole plain), while the shipped workflow loses no more than a plain migration does. Judged on the observer's lost pings,
 * with a wide margin, not on time.
 */
@Tag("lab")
class LabSteeringTest {
    static final String VM = LabMigrationTest.VM;
    static final String MAC = LabMigrationTest.MAC;

    @TempDir Path dir;

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    @Test
    void forgettingToClearTheSourceVfsMacIsAnOutageAndTheShippedWorkflowHasNone() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        Path keep = dir.resolve("keep-mac.yaml");
        Files.writeString(keep, Files.readString(Path.of("workflows/bond-ovs.yaml")).replace("name: bond-ovs", "name: keep-mac")
                .replace("  - type: detach-vf\n    params: {timeout: 30s}",
                        "  - type: detach-vf\n    params: {timeout: 30s, source-mac: keep}\n  - type: wait\n    params: {duration: 2s}"));
        assertTrue(Files.readString(keep).contains("source-mac: keep}\n  - type: wait"), () -> "the variant: " + keep);

        PingMeter.Loss forgot = migrate(keep.toString(), dest);
        Optional<String> stale = Lab.steeredPort(source, MAC);
        assertTrue(stale.isPresent(), "the source VF still has the VM's MAC");
        Lab.eswitch(source, "ovs-appctl", "fdb/del", Lab.ESWITCH, "0", MAC);   // what an operator would clear by hand
        PingMeter.Loss shipped = migrate("bond-ovs", source);
        System.out.printf("source MAC kept: %s; shipped bond-ovs: %s%n", forgot, shipped);
        assertTrue(forgot.lost() >= 150, () -> "the forgotten MAC blackholes the VM from the detach on (2 s of wait, then the migration): " + forgot);
        assertTrue(shipped.lost() <= 60, () -> "the shipped workflow steers the MAC itself: " + shipped);
        Lab.assertHealthyOn(source, VM, MAC, LabMigrationTest.ADDRESS);
    }

    private static PingMeter.Loss migrate(String workflow, String to) throws InterruptedException {
        try (PingMeter ping = new PingMeter(LabMigrationTest.ADDRESS)) {
            Thread.sleep(500);
            Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", to, "--workflow", workflow);
            assertEquals(0, r.exit(), () -> r.out() + r.err());
            Thread.sleep(500);
            return ping.stop();
        }
    }
}
