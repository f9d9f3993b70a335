package io.vfmigrate.adapters.vfpool;

import static io.vfmigrate.adapters.fakes.DomainXml.bridgeNic;
import static io.vfmigrate.adapters.fakes.DomainXml.domain;
import static io.vfmigrate.adapters.fakes.DomainXml.hostdev;
import static io.vfmigrate.adapters.fakes.DomainXml.hostdevNic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.fakes.FakeHost;
import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PfVfPoolTest {
    private static final String PF = "enp129s0f0";
    private static final Mac MAC = Mac.parse("52:54:00:aa:bb:01");
    private final FakeHost host = new FakeHost("host-a").withPf(PF, 4, 1);
    private final FakeHypervisor hypervisor = new FakeHypervisor("host-a");
    private final PfVfPool pool = new PfVfPool(host, hypervisor, "host-a", "prod", PF);

    @Test
    void listsTheVfsOfThePfWithTheirPciAddressAndNumaNode() {
        List<Vf> free = pool.free();
        assertEquals(List.of("enp129s0f0/vf0", "enp129s0f0/vf1", "enp129s0f0/vf2", "enp129s0f0/vf3"), free.stream().map(Vf::id).toList());
        assertEquals(new Vf("host-a", "prod", "enp129s0f0/vf2", "0000:81:10.2", OptionalInt.of(1)), free.get(2));
        assertTrue(host.commands().contains(List.of("ls", "-l", "/sys/class/net/enp129s0f0/device/")));
        assertTrue(host.commands().contains(List.of("cat", "/sys/class/net/enp129s0f0/device/numa_node")));
    }

    @Test
    void aVfPassedThroughToARunningDomainIsNotFree() {
        hypervisor.run("vm1", domain("vm1", hostdevNic("52:54:00:aa:bb:01", "0x81", "0x10", "0x1", "hostdev0")))
                .run("vm2", domain("vm2", hostdev("0x81", "0x10", "0x2"), bridgeNic("52:54:00:aa:bb:09", "br0", "vnet3", "net0")));
        assertEquals(List.of("enp129s0f0/vf0", "enp129s0f0/vf3"), pool.free().stream().map(Vf::id).toList());
        assertTrue(hypervisor.calls().contains("runningDomainXmls"));
    }

    /** Its definition takes the VF when it starts: handed to another VM meanwhile, one of the two loses it. */
    @Test
    void aVfNamedByAShutOffDomainsDefinitionIsNotFree() {
        hypervisor.shutOff.put("vm3", domain("vm3", hostdevNic("52:54:00:aa:bb:03", "0x81", "0x10", "0x2", "hostdev0")));
        hypervisor.run("vm1", domain("vm1", hostdevNic("52:54:00:aa:bb:01", "0x81", "0x10", "0x1", "hostdev0")));
        assertEquals(List.of("enp129s0f0/vf0", "enp129s0f0/vf3"), pool.free().stream().map(Vf::id).toList());
        assertTrue(hypervisor.calls().contains("inactiveDomainXmls"));
    }

    /** A MAC left on a VF that no domain names (a run killed between prepare and attach) holds nothing (as on igb: LabPfPoolTest). */
    @Test
    void aMacProgrammedOnAVfThatNoDomainNamesLeavesItFree() {
        host.vf(1).mac = "52:54:00:aa:bb:01";
        host.vf(1).vlan = 190;
        assertEquals(4, pool.free().size());
    }

    @Test
    void withoutNumaInformationTheNodeIsUnknown() {
        FakeHost noNuma = new FakeHost("host-b").withPf(PF, 1, -1);
        assertEquals(OptionalInt.empty(), new PfVfPool(noNuma, hypervisor, "host-b", "prod", PF).free().get(0).numaNode());
    }

    @Test
    void findsTheDomainsVfByPciAddress() {
        DomainDescription vm = DomainDescription.parse(domain("vm1",
                hostdevNic("52:54:00:aa:bb:01", "0x81", "0x10", "0x3", "hostdev0"),
                hostdevNic("52:54:00:aa:bb:02", "0x03", "0x00", "0x0", "hostdev1")));
        List<AttachedVf> attached = pool.attachedTo(vm);
        assertEquals(1, attached.size());
        assertEquals("enp129s0f0/vf3", attached.get(0).vf().id());
        assertEquals(MAC, attached.get(0).mac());
    }

    @Test
    void preparesTheVfThroughThePfAndReadsTheFlagsBack() {
        Vf vf = pool.free().get(1);
        pool.prepare(vf, new VfSettings(MAC, Optional.of(190), Optional.of(false), Optional.of(true)));
        assertTrue(host.commands().contains(List.of("ip", "link", "set", "dev", PF, "vf", "1", "mac", "52:54:00:aa:bb:01",
                "vlan", "190", "spoofchk", "off", "trust", "on")));
        assertEquals("52:54:00:aa:bb:01", host.vf(1).mac);

        DomainDescription vm = DomainDescription.parse(domain("vm1", hostdevNic("52:54:00:aa:bb:01", "0x81", "0x10", "0x1", "hostdev0")));
        VfSettings settings = pool.settingsOf(pool.attachedTo(vm).get(0));
        assertEquals(new VfSettings(MAC, Optional.of(190), Optional.of(false), Optional.of(true)), settings);
    }

    /** A VF without VLAN is programmed untagged: the destination VF may still have its last user's VLAN. */
    @Test
    void prepareWithOnlyAMacSetsTheMacAndNoVlan() {
        host.vf(0).vlan = 200;
        pool.prepare(pool.free().get(0), VfSettings.of(MAC));
        assertEquals(List.of("ip", "link", "set", "dev", PF, "vf", "0", "mac", "52:54:00:aa:bb:01", "vlan", "0"), host.commands().get(host.commands().size() - 1));
        assertEquals(0, host.vf(0).vlan, "the VLAN left by the VF's last user is gone");
    }

    @Test
    void deviceXmlIsAManagedHostdevInterfaceWithMacAddressAndVlan() {
        Vf vf = pool.free().get(2);
        assertEquals("<interface type='hostdev' managed='yes'><mac address='52:54:00:aa:bb:01'/><source>"
                + "<address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x2'/></source>"
                + "<vlan><tag id='190'/></vlan></interface>",
                pool.deviceXml(vf, new VfSettings(MAC, Optional.of(190), Optional.empty(), Optional.empty())));
        assertFalse(pool.deviceXml(vf, VfSettings.of(MAC)).contains("vlan"));
    }

    @Test
    void refusesAVfOfAnotherPf() {
        Vf foreign = new Vf("host-a", "prod", "enp129s0f1/vf0", "0000:81:11.0", OptionalInt.empty());
        assertThrows(IllegalArgumentException.class, () -> pool.deviceXml(foreign, VfSettings.of(MAC)));
        assertThrows(IllegalArgumentException.class, () -> pool.prepare(foreign, VfSettings.of(MAC)));
    }

    @Test
    void refusesAPfNameThatIsNotAnInterfaceName() {
        assertThrows(IllegalArgumentException.class, () -> new PfVfPool(host, hypervisor, "host-a", "prod", "../../etc"));
    }

    @Test
    void parsesSysfsListingsDefensively() {
        String listing = "total 0\n"
                + "lrwxrwxrwx 1 root root 0 Nov 24 20:00 virtfn0 -> ../0000:81:10.0\n"
                + "lrwxrwxrwx 1 root root 0 Nov 24 20:00 virtfn11 -> ../0000:81:11.3\n"
                + "lrwxrwxrwx 1 root root 0 Nov 24 20:00 virtfn2 -> ../not-an-address\n"
                + "lrwxrwxrwx 1 root root 0 Nov 24 20:00 physfn -> ../0000:81:00.0\n"
                + "-rw-r--r-- 1 root root 4096 Nov 24 20:00 sriov_numvfs\n";
        Map<Integer, PciAddress> links = PfVfPool.virtfnLinks(listing);
        assertEquals(Map.of(0, PciAddress.parse("0000:81:10.0").orElseThrow(), 11, PciAddress.parse("0000:81:11.3").orElseThrow()), links);
    }

    @Test
    void readsVfLinesOfOldAndNewIproute2() {
        String output = "4: enp129s0f0: <BROADCAST> mtu 1500\n"
                + "    vf 1 MAC 52:54:00:00:00:01, vlan 190, spoof checking off, link-state auto, trust on\n"
                + "    vf 10     link/ether 52:54:00:00:00:10 brd ff:ff:ff:ff:ff:ff, spoof checking on, link-state auto, trust off\n";
        assertEquals(new VfLinkSettings(Optional.of(190), Optional.of(false), Optional.of(true)), VfLinkSettings.parse(output, 1));
        assertEquals(new VfLinkSettings(Optional.empty(), Optional.of(true), Optional.of(false)), VfLinkSettings.parse(output, 10));
        assertEquals(VfLinkSettings.UNKNOWN, VfLinkSettings.parse(output, 2));
    }

    /** A VLAN that is no VLAN id is kept as printed, for preflight to refuse naming it; "vlan 0" (which iproute2 never prints) is none. */
    @Test
    void aVlanOutsideTheIdsIsReadAsPrintedAndVlanZeroAsNone() {
        String output = "4: enp129s0f0: <BROADCAST> mtu 1500\n"
                + "    vf 1 MAC 52:54:00:00:00:01, vlan 4095, spoof checking off\n"
                + "    vf 2 MAC 52:54:00:00:00:02, vlan 70000, spoof checking off\n"
                + "    vf 3 MAC 52:54:00:00:00:03, vlan 0, spoof checking off\n";
        assertEquals(Optional.of(4095), VfLinkSettings.parse(output, 1).vlan());
        assertEquals(Optional.of(70000), VfLinkSettings.parse(output, 2).vlan());
        assertEquals(Optional.empty(), VfLinkSettings.parse(output, 3).vlan());
    }

    @Test
    void clearingTheMacAfterTheDetachZeroesItThroughThePfAndTheUndoProgramsItAgain() {
        Vf vf = pool.free().get(2);
        VfSettings settings = new VfSettings(MAC, Optional.of(190), Optional.of(true), Optional.of(false));
        int before = host.commands().size();
        pool.prepare(vf, settings);                 // right before the attach (and in the undo of the detach)
        pool.clearMac(vf, settings);                // right after the detach
        pool.clearMac(vf, settings);                // a resumed run clears it again: harmless
        pool.prepare(vf, settings);                 // the undo: the source VF has its MAC again
        assertEquals(List.of(
                List.of("ip", "link", "set", "dev", PF, "vf", "2", "mac", "52:54:00:aa:bb:01", "vlan", "190", "spoofchk", "on", "trust", "off"),
                List.of("ip", "link", "set", "dev", PF, "vf", "2", "mac", "00:00:00:00:00:00", "vlan", "0", "spoofchk", "on", "trust", "off"),
                List.of("ip", "link", "set", "dev", PF, "vf", "2", "mac", "00:00:00:00:00:00", "vlan", "0", "spoofchk", "on", "trust", "off"),
                List.of("ip", "link", "set", "dev", PF, "vf", "2", "mac", "52:54:00:aa:bb:01", "vlan", "190", "spoofchk", "on", "trust", "off")),
                host.commands().subList(before, host.commands().size()));
        assertEquals("52:54:00:aa:bb:01", host.vf(2).mac);
        pool.clearMac(vf, settings);
        assertEquals("00:00:00:00:00:00", host.vf(2).mac, "a detached VF keeps no MAC that the NIC would steer to it");
    }

    /** What prepare set goes back to an unused VF's state (igb's after sriov_numvfs): nothing of the VM's stays for the next. */
    @Test
    void clearingTheMacReleasesTheVlanSpoofchkAndTrustThatPrepareSet() {
        Vf vf = pool.free().get(1);
        VfSettings settings = new VfSettings(MAC, Optional.of(190), Optional.of(false), Optional.of(true));
        pool.prepare(vf, settings);
        pool.clearMac(vf, settings);
        assertEquals(List.of("00:00:00:00:00:00", 0, true, false), List.of(host.vf(1).mac, host.vf(1).vlan, host.vf(1).spoofchk, host.vf(1).trust));
    }

    /** Spoof checking and trust the run never set (unknown on its source) are left as they are. */
    @Test
    void clearingTheMacLeavesSpoofchkAndTrustThatTheRunDidNotSet() {
        host.vf(1).spoofchk = false;
        host.vf(1).trust = true;
        pool.clearMac(pool.free().get(1), VfSettings.of(MAC));
        assertEquals(List.of("ip", "link", "set", "dev", PF, "vf", "1", "mac", "00:00:00:00:00:00", "vlan", "0"), host.commands().get(host.commands().size() - 1));
        assertEquals(List.of(false, true), List.of(host.vf(1).spoofchk, host.vf(1).trust));
    }
}
