package io.vfmigrate.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.fakes.FakeVfPool;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The golden traces of GoldenTraceTest on a VLAN provider network (vm1's VF on VLAN 100): the VLAN is read from
 * the pool and journaled with the bond, the temporary port carries it, the destination VF is programmed with it,
 * and after a failure the undo gives the source VF its VLAN again.
 */
class VlanGoldenTraceTest {
    @TempDir Path dir;

    private static FakeVfPool pool(Harness h, String host) { return h.world.pools.get(host); }

    /** vm1 (its VF on VLAN 100) moved with bond-macvtap, step N failing once: the run's trace and exit code are these. */
    private static Harness failingOnceAt(int n, List<String> trace, int exitCode) {
        Harness h = new Harness().vfOnVlan(100);
        h.world.failOn(GoldenTraceTest.faultFor(n), 0, GoldenTraceTest.onceFor(n));
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(trace, h.trace.events);
        assertEquals(exitCode, r.exitCode());
        return h;
    }

    @Test
    void theVlanIsJournaledWithTheBondAndTheMacvtapSitsOnTheVlansDevice() {
        Harness h = new Harness().vfOnVlan(100);
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(GoldenTraceTest.succeeded(), h.trace.events);
        Map<String, String> planned = h.journal.entries("run-1").stream().filter(e -> e.detail().equals("planned"))
                .map(JournalEntry::facts).findFirst().orElseThrow();
        assertEquals("100", planned.get("bond.0.vlan"), "the bond's VLAN is journaled before the first step");
        assertEquals("100", planned.get("vf.0.vlan"));
        String port = h.a().attachedXmls.get(0);
        assertTrue(port.contains("<target dev='" + Harness.MACVTAP + "' managed='no'/>") && port.contains("ua-vfm-tmp0"), port);
        assertTrue(h.world.shellCalls.contains("host-a ip link add link br0.100 name " + Harness.MACVTAP + " address " + Harness.MAC + " type macvtap mode bridge"), h.world.shellCalls::toString);
        assertTrue(h.world.shellCalls.contains("host-b ip link add link br0.100 name " + Harness.MACVTAP + " address " + Harness.MAC + " type macvtap mode bridge"), h.world.shellCalls::toString);
        assertEquals(List.of("fvf0 vlan 100"), pool(h, "host-b").preparedVlans, "the destination VF is programmed with the VLAN");
        assertEquals(Map.of("fvf0", 100), pool(h, "host-b").programmedVlan);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    /** A destination VF that did not take the VLAN: the end-state check names it instead of reporting done. */
    @Test
    void aDestinationVfOnAnotherVlanIsNoHealthyEndState() {
        Harness h = new Harness().vfOnVlan(100);
        pool(h, "host-b").ignoresVlan = true;
        pool(h, "host-b").programmedVlan.put("fvf0", 200);
        MigrationResult r = h.migrate("bond-macvtap", false);
        assertFalse(r.exitCode() == ExitCode.DONE, () -> h.trace.events.toString());
        assertTrue(r.toString().contains("host-b: VF fvf0 is on VLAN 200, the VM's VF was on VLAN 100"), r::toString);
    }

    @Test
    void anOvsPortCarriesTheVlanAsItsTag() {
        Harness h = new Harness().vfOnVlan(100);
        assertEquals(ExitCode.DONE, h.migrate("bond-ovs", false).exitCode(), () -> h.trace.events.toString());
        String port = h.a().attachedXmls.get(0);
        assertTrue(port.contains("<source bridge='br-ovs'/><vlan><tag id='100'/></vlan><virtualport type='openvswitch'/>"), port);
        assertEquals(Map.of("fvf0", 100), pool(h, "host-b").programmedVlan);
    }

    @Test
    void withoutVlanThePortIsTheUntaggedOneOfOld() {
        Harness h = new Harness();
        assertEquals(ExitCode.DONE, h.migrate("bond-macvtap", false).exitCode());
        assertTrue(h.world.shellCalls.contains("host-a ip link add link br0 name " + Harness.MACVTAP + " address " + Harness.MAC + " type macvtap mode bridge"), h.world.shellCalls::toString);
        assertEquals(List.of("fvf0 vlan none"), pool(h, "host-b").preparedVlans);
        assertTrue(pool(h, "host-b").programmedVlan.isEmpty());
    }

    @Test
    void vlanNoneAttachesTheUntaggedPortWhateverTheVfsVlan() throws IOException {
        Harness h = new Harness().vfOnVlan(100);
        Path workflow = Files.writeString(dir.resolve("untagged.yaml"), Files.readString(Path.of("workflows/bond-macvtap.yaml"))
                .replace("params: {port: macvtap, timeout: 30s}", "params: {port: macvtap, timeout: 30s, vlan: none}"));
        assertEquals(ExitCode.DONE, h.migrate(workflow.toString(), false).exitCode(), () -> h.trace.events.toString());
        assertTrue(h.world.shellCalls.contains("host-a ip link add link br0 name " + Harness.MACVTAP + " address " + Harness.MAC + " type macvtap mode bridge"), h.world.shellCalls::toString);
        assertTrue(h.world.shellCalls.contains("host-b ip link add link br0 name " + Harness.MACVTAP + " address " + Harness.MAC + " type macvtap mode bridge"), "the destination's untagged too: " + h.world.shellCalls);
        assertEquals(Map.of("fvf0", 100), pool(h, "host-b").programmedVlan, "the VF still carries its VLAN");
    }

    @ParameterizedTest(name = "failure at step {0} before the migration: the source VF is on its VLAN again")
    @CsvSource({"1", "2", "3", "4", "5"})
    void failureBeforeMigrationGivesTheSourceVfItsVlanAgain(int n) {
        Harness h = failingOnceAt(n, GoldenTraceTest.compensated(n), ExitCode.FAILED_COMPENSATED);
        h.assertHealthyOn(h.a(), "fvf0");
        assertEquals(Map.of("fvf0", 100), pool(h, "host-a").programmedVlan);
        // from step 4 the detach cleared the VF (MAC and VLAN, as libvirt restores a detached VF): the undo programmed both
        assertEquals(n >= 4 ? List.of("fvf0 vlan 100") : List.of(), pool(h, "host-a").preparedVlans);
        assertTrue(pool(h, "host-b").programmedVlan.isEmpty(), "no destination VF kept the VLAN");
    }

    @ParameterizedTest(name = "a passing failure at step {0} after the migration: the retried VF is on the VLAN")
    @CsvSource({"6", "7", "8", "9"})
    void passingFailureAfterMigrationKeepsTheDestinationVfOnTheVlan(int n) {
        Harness h = failingOnceAt(n, GoldenTraceTest.recoveredForward(n), ExitCode.DONE);
        h.assertHealthyOn(h.b(), "fvf0");
        assertEquals(Map.of("fvf0", 100), pool(h, "host-b").programmedVlan);
        assertFalse(pool(h, "host-b").preparedVlans.isEmpty());
        assertTrue(pool(h, "host-b").preparedVlans.stream().allMatch("fvf0 vlan 100"::equals), pool(h, "host-b").preparedVlans::toString);
    }
}
