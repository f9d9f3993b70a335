package io.vfmigrate.lab;

import static io.vfmigrate.adapters.fakes.DomainXml.domain;
import static io.vfmigrate.adapters.fakes.DomainXml.hostdevNic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.vfpool.PfVfPool;
import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.ExecResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code pf} VF pool against a real SR-IOV driver: the lab's PF host, whose emulated Intel 82576 is driven by
 * Linux's igb (PF) and igbvf (VFs). Every pool operation the workflows use runs through the inventory's shell of
 * that host, and its effect is read back from the driver: {@code ip link show dev PF}, sysfs, and the VF's own
 * netdev. The PF host has no libvirt: the domains that hold VFs are a fake hypervisor's, naming the real VFs'
 * PCI addresses. Every VF starts each test as igb leaves an unused one.
 */
@Tag("lab")
class LabPfPoolTest {
    private static final int VFS = 4;
    private static final String UNUSED_VF = "link/ether 00:00:00:00:00:00 brd ff:ff:ff:ff:ff:ff, spoof checking on, link-state auto, trust off";
    private static PfHost host;

    /** A MAC of this run's own: the VF netdevs keep theirs across runs. */
    private final Mac mac = Mac.parse(String.format("52:54:00:%02x:%02x:01", ThreadLocalRandom.current().nextInt(256), ThreadLocalRandom.current().nextInt(256)));
    private final VfSettings vmSettings = new VfSettings(mac, Optional.of(190), Optional.of(false), Optional.of(true));
    private final FakeHypervisor hypervisor = new FakeHypervisor(PfHost.HOST);
    private PfVfPool pool;

    @BeforeAll
    static void pfHostIsUp() { host = PfHost.get(); }

    @BeforeEach
    void everyVfUnused() {
        host.resetVfs(VFS);
        pool = new PfVfPool(host.shell, hypervisor, PfHost.HOST, PfHost.NETWORK, host.pf);
    }

    /** The inventory's shell of the PF host (a virtio-serial port) passes each argument as it is, and gives back the exit code and both outputs. */
    @Test
    void theShellRunsTheArgumentVectorAsItIsAndGivesItsExitCodeAndOutputsBack() {
        ExecResult r = host.result("sh", "-c", "printf '<%s>' \"$@\"; printf 'err\\n\\n' >&2; exit 3", "sh", "", "a b", "'\"$HOME;*", "ü\n");
        assertEquals(new ExecResult(3, "<><a b><'\"$HOME;*><ü\n>", "err\n\n"), r);
        assertEquals(127, host.result("no-such-command").exitCode());
    }

    @Test
    void freeListsEveryVfOfThePfWithThePciAddressOfItsSysfsLink() {
        List<Vf> free = pool.free();
        assertEquals(List.of(host.pf + "/vf0", host.pf + "/vf1", host.pf + "/vf2", host.pf + "/vf3"), PfHost.ids(free));
        for (int n = 0; n < VFS; n++) assertEquals(host.address(n), free.get(n).address(), "vf" + n);
        assertEquals(OptionalInt.empty(), free.get(0).numaNode(), "a VM's numa_node is -1: no NUMA information");
        for (int n = 0; n < VFS; n++) assertEquals("vf " + n + "     " + UNUSED_VF, host.vfLine(n));
    }

    /** Held is what a domain's definition names (running or shut off); a MAC left programmed on a VF holds nothing. */
    @Test
    void aVfIsHeldByTheDomainThatNamesItsAddressNotByAProgrammedMac() {
        pool.prepare(vf(1), vmSettings);   // e.g. left by a run killed between its prepare and its attach
        assertTrue(PfHost.ids(pool.free()).contains(host.pf + "/vf1"));
        hypervisor.run("vm1", domain("vm1", nicOf(1, "hostdev0")));
        hypervisor.shutOff.put("vm3", domain("vm3", nicOf(3, "hostdev0")));
        assertEquals(List.of(host.pf + "/vf0", host.pf + "/vf2"), PfHost.ids(pool.free()));
    }

    @Test
    void programsMacVlanSpoofchkAndTrustAndReadsEachBackFromTheDriver() {
        Vf vf = vf(1);
        String netdevMac = host.vfNetdevMac(1);
        pool.prepare(vf, vmSettings);
        assertEquals("vf 1     link/ether " + mac + " brd ff:ff:ff:ff:ff:ff, vlan 190, spoof checking off, link-state auto, trust on", host.vfLine(1));
        assertEquals(vmSettings, pool.settingsOf(attached(1, false)), "VLAN, spoof checking and trust as ip -d link show has them");
        assertEquals(netdevMac, host.vfNetdevMac(1), "igbvf keeps its MAC until it is reloaded (igb: \"Reload the VF driver\")");
        host.reloadVfDriver(1);
        assertEquals(mac.value(), host.vfNetdevMac(1), "the VF's own netdev has the MAC the PF programmed");
    }

    /** The hostdev XML names the VF's PCI address as sysfs has it, and a domain with that interface holds that VF. */
    @Test
    void theDeviceXmlNamesTheVfsRealAddressAndADomainWithItHoldsThatVf() {
        Vf vf = vf(2);
        String[] a = host.address(2).split("[:.]");
        String xml = pool.deviceXml(vf, vmSettings);
        assertTrue(xml.contains("<address type='pci' domain='0x" + a[0] + "' bus='0x" + a[1] + "' slot='0x" + a[2] + "' function='0x"
                + Integer.toHexString(Integer.parseInt(a[3])) + "'/>"), xml);
        String vm = domain("vm2", xml.replace("</interface>", "<alias name='hostdev0'/></interface>"));
        assertEquals(List.of(vf), pool.attachedTo(DomainDescription.parse(vm)).stream().map(AttachedVf::vf).toList());
        hypervisor.run("vm2", vm);
        assertEquals(List.of(host.pf + "/vf0", host.pf + "/vf1", host.pf + "/vf3"), PfHost.ids(pool.free()));
    }

    @Test
    void aVfWithoutVlanIsProgrammedUntaggedOverItsLastUsersVlan() {
        pool.prepare(vf(2), new VfSettings(mac, Optional.of(300), Optional.empty(), Optional.empty()));
        pool.prepare(vf(2), VfSettings.of(mac));
        assertEquals("vf 2     link/ether " + mac + " brd ff:ff:ff:ff:ff:ff, spoof checking on, link-state auto, trust off", host.vfLine(2));
    }

    /**
     * igb takes the zero MAC ("remove administratively set MAC on VF N"); the VF's netdev, given back to igbvf with the
     * VM's MAC (as libvirt's managed detach does), does not program it again when it comes up; a reloaded igbvf makes
     * up a random one.
     */
    @Test
    void clearMacZeroesTheMacAndReleasesTheVfAsAnUnusedOne() {
        pool.prepare(vf(2), vmSettings);
        host.reloadVfDriver(2);
        assertEquals(mac.value(), host.vfNetdevMac(2));
        pool.clearMac(vf(2), vmSettings);
        assertEquals("vf 2     " + UNUSED_VF, host.vfLine(2));
        host.setVfNetdevUp(2, true);
        try {
            assertEquals("vf 2     " + UNUSED_VF, host.vfLine(2), "igbvf up with the VM's MAC steers nothing back to the VF");
        } finally {
            host.setVfNetdevUp(2, false);
        }
        pool.clearMac(vf(2), vmSettings);   // a resumed run clears it again
        assertEquals("vf 2     " + UNUSED_VF, host.vfLine(2));
        host.reloadVfDriver(2);
        assertNotEquals(mac.value(), host.vfNetdevMac(2), "no MAC of the VM's left on the VF's netdev");
        ExecResult multicast = host.result("ip", "link", "set", "dev", host.pf, "vf", "2", "mac", "01:00:5e:00:00:01");
        assertEquals(new ExecResult(2, "", "RTNETLINK answers: Invalid argument\n"), multicast, "igb refuses a MAC that is no unicast one");
    }

    /** DetachVf clears the source VF's MAC after the detach; its undo programs what settingsOf read before. */
    @Test
    void theUndoOfTheDetachRestoresEverySettingTheVfHad() {
        pool.prepare(vf(3), vmSettings);
        String attachedLine = host.vfLine(3);
        VfSettings recorded = pool.settingsOf(attached(3, true));
        pool.clearMac(vf(3), recorded);
        assertEquals("vf 3     " + UNUSED_VF, host.vfLine(3));
        pool.prepare(vf(3), recorded);
        assertEquals(attachedLine, host.vfLine(3));
    }

    /** AttachVf programs the destination VF right before the attach; its undo clears it: the VF is as it was, free. */
    @Test
    void theUndoOfTheAttachLeavesTheVfAsItWasBefore() {
        String before = host.vfLine(0);
        pool.prepare(vf(0), vmSettings);
        pool.clearMac(vf(0), vmSettings);
        assertEquals(before, host.vfLine(0));
    }

    @Test
    void aVfNumberThePfDoesNotHaveFailsWithTheDriversAnswer() {
        Vf missing = new Vf(PfHost.HOST, PfHost.NETWORK, host.pf + "/vf6", "0000:01:11.4", OptionalInt.empty());
        FailureException e = assertThrows(FailureException.class, () -> pool.prepare(missing, vmSettings));
        Failure.HostCommandFailed failed = (Failure.HostCommandFailed) e.failure();
        assertEquals(2, failed.exitCode());
        assertEquals("RTNETLINK answers: Invalid argument\n", failed.stderr());
    }

    private Vf vf(int n) {
        return pool.free().stream().filter(v -> v.id().equals(host.pf + "/vf" + n)).findFirst()
                .orElseThrow(() -> new AssertionError("vf" + n + " is not free"));
    }

    /** VF N as a domain's hostdev interface (with the VM's MAC, and the VM's VLAN in the XML or not). */
    private AttachedVf attached(int n, boolean vlanInXml) {
        String nic = nicOf(n, "hostdev0");   // with <vlan><tag id='190'/></vlan>
        if (!vlanInXml) nic = nic.replace("<vlan><tag id='190'/></vlan>", "");
        List<AttachedVf> attached = pool.attachedTo(DomainDescription.parse(domain("vm1", nic)));
        assertEquals(1, attached.size(), () -> "vf" + n + " in " + attached);
        return attached.get(0);
    }

    private String nicOf(int n, String alias) {
        String[] a = host.address(n).split("[:.]");   // 0000:01:10.2
        return hostdevNic(mac.value(), "0x" + a[1], "0x" + a[2], "0x" + a[3], alias);
    }
}
