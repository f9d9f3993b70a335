package io.vfmigrate.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.TemporaryPortSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * vfmigrate makes the macvtap of a temporary port itself, silent (IPv6 off before it comes up), where the VM is before the
 * attach and on the destination before the migration, and removes it from each host the VM's port has left: after every run,
 * failed or not, no macvtap of the VM's is left on any host (checked by {@code assertHealthyOn}). The fake hosts refuse an
 * attach or a migration whose macvtap is not on the host, as libvirt does.
 */
class TemporaryMacvtapTest {
    private static final String DEV = "vft525400c00011";

    private static List<String> hostCommands(Harness h, String host) {
        return h.world.shellCalls.stream().filter(c -> (c.startsWith(host + " ip link") && !c.startsWith(host + " ip link show")) || c.startsWith(host + " sysctl")).toList();
    }

    private static List<String> made(String host, String lower) {
        return List.of(host + " ip link add link " + lower + " name " + DEV + " address " + Harness.MAC + " type macvtap mode bridge",
                host + " sysctl -q -e -w net.ipv6.conf." + DEV + ".disable_ipv6=1",
                host + " ip link set dev " + DEV + " up");
    }

    @Test
    void theMacvtapIsMadeSilentBeforeTheAttachAndBeforeTheMigrationAndRemovedFromEachHostItsPortLeft() {
        Harness h = new Harness();
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(made("host-a", "br0"), hostCommands(h, "host-a").subList(0, 3));
        assertEquals(List.of("host-a ip link del dev " + DEV), hostCommands(h, "host-a").subList(3, 4), "removed from the source after the migration");
        assertEquals(4, hostCommands(h, "host-a").size(), "no sweep at the end of a run that removed what it made: " + hostCommands(h, "host-a"));
        assertEquals(made("host-b", "br0"), hostCommands(h, "host-b").subList(0, 3));
        assertEquals(List.of("host-b ip link del dev " + DEV), hostCommands(h, "host-b").subList(3, 4), "removed with the port");
        assertTrue(h.a().attachedXmls.get(0).startsWith("<interface type='ethernet'><mac address='" + Harness.MAC + "'/><target dev='" + DEV
                + "' managed='no'/>"), h.a().attachedXmls::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void theDestinationsMacvtapSitsOnItsOwnLowerDevice() {
        Harness h = new Harness();
        h.world.temporaryPorts.put("host-b", List.of(new TemporaryPortSpec.Macvtap("enp2s0", "vepa")));
        assertEquals(ExitCode.DONE, h.migrate("bond-macvtap", false).exitCode(), () -> h.trace.events.toString());
        assertTrue(hostCommands(h, "host-b").contains("host-b ip link add link enp2s0 name " + DEV + " address " + Harness.MAC
                + " type macvtap mode vepa"), () -> hostCommands(h, "host-b").toString());
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aFailedMigrationRemovesTheMacvtapMadeOnTheDestination() {
        Harness h = new Harness();
        h.world.failOn("migrate host-a");
        assertEquals(ExitCode.FAILED_COMPENSATED, h.migrate("bond-macvtap", false).exitCode(), () -> h.trace.events.toString());
        assertEquals("host-b ip link del dev " + DEV, hostCommands(h, "host-b").get(hostCommands(h, "host-b").size() - 1));
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void aMacvtapThatCannotBeMadeSilentIsNotUsed() {
        Harness h = new Harness();
        h.world.failOn("shell host-a sysctl");
        assertEquals(ExitCode.FAILED_COMPENSATED, h.migrate("bond-macvtap", false).exitCode(), () -> h.trace.events.toString());
        assertTrue(hostCommands(h, "host-a").stream().noneMatch(c -> c.endsWith(" up")), () -> hostCommands(h, "host-a").toString());
        assertTrue(h.a().attachedXmls.isEmpty(), h.a().attachedXmls::toString);
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void aPortLibvirtRefusesTakesItsMacvtapAlong() {
        Harness h = new Harness();
        h.world.failOn("attach host-a");
        assertEquals(ExitCode.FAILED_COMPENSATED, h.migrate("bond-macvtap", false).exitCode(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void aMacvtapLeftByAnEarlierAttemptIsMadeAgain() {
        Harness h = new Harness();
        h.world.macvtaps("host-b").add(DEV);
        assertEquals(ExitCode.DONE, h.migrate("bond-macvtap", false).exitCode(), () -> h.trace.events.toString());
        List<String> b = hostCommands(h, "host-b");
        assertEquals(List.of("host-b ip link add link br0 name " + DEV + " address " + Harness.MAC + " type macvtap mode bridge",
                "host-b ip link del dev " + DEV), b.subList(0, 2), b::toString);
        assertEquals(made("host-b", "br0"), b.subList(2, 5), b::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aMacvtapInUseByAnotherPortOfTheVmIsNeverTakenFromIt() {
        Harness h = new Harness();
        h.world.macvtaps("host-a").add(DEV);
        h.a().plugForSetUp("vm1", "<interface type='ethernet'><mac address='" + Harness.MAC + "'/><target dev='" + DEV + "' managed='no'/>"
                + "<model type='virtio'/><alias name='ua-other'/></interface>");   // a second bond with the same MAC
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode(), () -> h.trace.events.toString());
        String cause = r.outcome().orElseThrow().cause().orElseThrow().message();
        assertTrue(cause.contains("macvtap " + DEV + " on host-a is in use by vm1 there: another of its ports has the MAC " + Harness.MAC), cause);
        assertEquals(java.util.Set.of(DEV), h.world.macvtaps("host-a"));
        assertEquals(List.of(), h.world.macvtapsRemovedInUse);
        assertTrue(h.a().attachedXmls.isEmpty(), h.a().attachedXmls::toString);
    }

    @Test
    void anOvsPortMakesNoMacvtap() {
        Harness h = new Harness();
        assertEquals(ExitCode.DONE, h.migrate("bond-ovs", false).exitCode(), () -> h.trace.events.toString());
        assertEquals(List.of(), hostCommands(h, "host-a"));
        assertEquals(List.of(), hostCommands(h, "host-b"));
    }

    @Test
    void theDryRunShowsTheHostCommands() {
        Harness h = new Harness();
        var plan = h.migrate("bond-macvtap", true).plan().toString();
        assertTrue(plan.contains("ip link add link br0 name " + DEV), plan);
        assertTrue(plan.contains("ip link set dev " + DEV + " up   # on host-b"), plan);
        assertTrue(plan.contains("ip link del dev " + DEV + "   # on host-a, once the VM has left"), plan);
        assertTrue(h.world.macvtaps.values().stream().allMatch(java.util.Set::isEmpty), "a dry run makes nothing");
    }
}
