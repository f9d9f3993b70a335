package io.vfmigrate.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanningTest {
    private static String check(MigrationResult r, String prefix) {
        return r.plan().preflight().stream().filter(c -> c.check().startsWith(prefix)).map(c -> c.status() + " " + c.detail())
                .findFirst().orElseThrow(() -> new AssertionError("no check " + prefix + " in " + r.plan().preflight()));
    }

    @Test
    void aPinnedVmGetsAVfOnItsNumaNode() {
        Harness h = new Harness();
        h.world.pools.get("host-b").numaOfSlot.putAll(java.util.Map.of(0, 0, 1, 0, 2, 1, 3, 1));
        h.a().domainOf("vm1").extraXml = "<vcpu placement='static'>1</vcpu><cputune><vcpupin vcpu='0' cpuset='2-3'/></cputune>";
        var r = h.migrate("bond-macvtap", true);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> r.plan().preflight().toString());
        assertTrue(check(r, "free-vf").startsWith("OK fvf2 "), check(r, "free-vf"));
        assertTrue(check(r, "free-vf").contains("on the VM's NUMA node 1"), check(r, "free-vf"));
    }

    @Test
    void aPinnedVmWhoseNodeHasNoFreeVfIsRefused() {
        Harness h = new Harness();
        h.world.pools.get("host-b").numaOfSlot.putAll(java.util.Map.of(0, 0, 1, 0, 2, 1, 3, 1));
        h.world.pools.get("host-b").occupied.addAll(List.of(2, 3));
        h.a().domainOf("vm1").extraXml = "<cputune><vcpupin vcpu='0' cpuset='2'/></cputune>";
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.REFUSED, r.exitCode());
        assertTrue(check(r, "free-vf").contains("no free VF of network physnet0 on host-b on NUMA node 1"), check(r, "free-vf"));
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void anUnpinnedVmGetsAWarningWhenVfsHaveNumaNodes() {
        Harness h = new Harness();
        h.world.pools.get("host-b").numaOfSlot.putAll(java.util.Map.of(0, 1));
        var r = h.migrate("bond-macvtap", true);
        assertEquals(ExitCode.DONE, r.exitCode());
        assertTrue(check(r, "free-vf").startsWith("WARNING") && check(r, "free-vf").contains("not pinned"), check(r, "free-vf"));
    }

    @Test
    void twoVfsWithIdenticalMacsInOneBondAreBothMovedAndAVfIsActive() {
        Harness h = new Harness();
        h.secondVfInBond(1);
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        List<String> xml = h.b().interfaceXmls("vm1");
        assertEquals(2, xml.size(), xml::toString);
        assertTrue(xml.stream().allMatch(x -> x.contains(Harness.MAC) && x.contains("fvf")), xml::toString);
        FakeGuest dest = h.b().guest("vm1");
        FakeGuest.Bond bond = dest.bonds.get("bond0");
        assertEquals(2, bond.slaves.size(), bond.slaves::toString);
        assertTrue(bond.slaves.contains(bond.active));
        assertEquals(Harness.MAC, dest.links.get(bond.active).permMac, "a VF, not the temporary port, is active");
        assertTrue(h.b().interfaceXmls("vm1").stream().noneMatch(x -> x.contains("ua-vfm-tmp")));
    }
}
