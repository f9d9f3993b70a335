package io.vfmigrate.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkListParserTest {
    @Test
    void parsesIproute2OneLineOutputWithBondAndSlaves() {
        String out = """
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                2: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast master bond0 state UP mode DEFAULT group default qlen 1000\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff parentbus pci parentdev 0000:00:03.0
                3: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff
                4: eth1@if9: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff
                """;
        List<GuestLink> links = LinkListParser.parse(out);
        assertEquals(3, links.size());
        GuestLink eth0 = links.get(0);
        assertEquals(2, eth0.ifindex());
        assertTrue(eth0.isSlaveOf(new GuestInterfaceName("bond0")));
        assertTrue(eth0.isNicWithMac(Mac.parse("52:54:00:C0:00:11")));
        assertTrue(links.get(1).isBond());
        assertFalse(links.get(1).isNicWithMac(Mac.parse("52:54:00:c0:00:11")), "a bond is never taken for the VF");
        assertEquals("eth1", links.get(2).name().value());
    }

    @Test
    void readsTheSlavesOwnMacFromIproute2Details() {
        // as printed by `ip -o -d link show` in the lab's guest (iproute2 6.1), second VF with another MAC
        String out = "84: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc fq_codel master bond0 state UP mode DEFAULT group default qlen 1000\\"
                + "    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \\    bond_slave state BACKUP"
                + " mii_status UP link_failure_count 0 perm_hwaddr 52:54:00:c0:00:99 queue_id 0 prio 0 addrgenmode eui64 parentbus virtio parentdev virtio0\n"
                + "85: eth1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff"
                + " promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 addrgenmode eui64 parentbus virtio parentdev virtio1\n";
        List<GuestLink> links = LinkListParser.parse(out);
        assertEquals("52:54:00:c0:00:99", links.get(0).permanentMac().value());
        assertTrue(links.get(0).permanentMacKnown() && links.get(0).isUp());
        assertFalse(links.get(1).isUp(), "a hot-plugged NIC comes up down");
        assertTrue(links.get(1).isNicWithMac(Mac.parse("52:54:00:c0:00:11")));
    }

    @Test
    void skipsWhatAHostileGuestMightReport() {
        String out = """
                2: $(reboot): <UP> mtu 1500\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff
                3: -rf: <UP> mtu 1500\\    link/ether 52:54:00:c0:00:12 brd ff:ff:ff:ff:ff:ff
                4: averyveryverylongname0: <UP> mtu 1500\\    link/ether 52:54:00:c0:00:13 brd ff:ff:ff:ff:ff:ff
                5: eth5: <UP> mtu 1500 master ;ls\\    link/ether zz:54:00:c0:00:13 brd ff:ff:ff:ff:ff:ff
                6: eth6: <UP> mtu 1500 master ;ls\\    link/ether 52:54:00:c0:00:16 brd ff:ff:ff:ff:ff:ff
                garbage
                """;
        List<GuestLink> links = LinkListParser.parse(out);
        assertEquals(1, links.size(), links::toString);
        assertEquals("eth6", links.get(0).name().value());
        assertTrue(links.get(0).master().isEmpty(), "an invalid master name is dropped");
    }

    @Test
    void upperDevicesOverTheBondCarryItsMacButAreNeverTakenForANic() {
        // iproute2 6.1 one-line details of a guest with a VLAN on its bond, a bridge and an ipvlan over it
        Mac mac = Mac.parse("52:54:00:c0:00:11");
        String out = String.join("\n",
                "2: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc fq_codel master bond0 state UP mode DEFAULT group default qlen 1000\\"
                        + "    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \\    bond_slave state ACTIVE"
                        + " mii_status UP perm_hwaddr 52:54:00:c0:00:11 queue_id 0 addrgenmode eui64 parentbus virtio parentdev virtio0",
                "3: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\"
                        + "    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 \\    bond mode active-backup"
                        + " active_slave eth0 miimon 100 addrgenmode eui64",
                "4: bond0.100@bond0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\"
                        + "    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 0 maxmtu 65535 \\    vlan protocol 802.1Q id 100"
                        + " <REORDER_HDR> addrgenmode eui64",
                "5: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\"
                        + "    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 \\    bridge forward_delay 1500"
                        + " hello_time 200 vlan_filtering 0 addrgenmode eui64",
                "6: ipvl0@bond0: <BROADCAST,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT\\"
                        + "    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 \\    ipvlan  mode l2 bridge"
                        + " addrgenmode eui64",
                "7: eth1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\"
                        + "    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 \\    altname enp0s9"
                        + " addrgenmode eui64 parentbus virtio parentdev virtio3");
        List<GuestLink> links = LinkListParser.parse(out);
        assertEquals(List.of("eth0", "bond0", "bond0.100", "br0", "ipvl0", "eth1"), links.stream().map(l -> l.name().value()).toList());
        assertEquals(List.of("eth0", "eth1"), links.stream().filter(l -> l.isNicWithMac(mac)).map(l -> l.name().value()).toList());
        assertEquals(List.of("bond0", "bond0.100", "br0", "ipvl0"),
                links.stream().filter(l -> l.isUpperDeviceWithMac(mac)).map(l -> l.name().value()).toList());
        assertEquals("vlan", links.get(2).kind().orElseThrow());
        assertEquals("bridge", links.get(3).kind().orElseThrow());
        assertEquals("ipvlan", links.get(4).kind().orElseThrow());
        assertTrue(links.get(5).kind().isEmpty(), "an altname is not a kind");
    }

    @Test
    void withoutDetailsWhetherADeviceIsBehindALinkIsLeftToSysfs() {
        String out = "4: bond0.100@bond0: <BROADCAST,MULTICAST,UP> mtu 1500\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff\n";
        GuestLink vlan = LinkListParser.parse(out).get(0);
        assertTrue(vlan.hasDevice().isEmpty());
        assertFalse(vlan.isNicWithMac(Mac.parse("52:54:00:c0:00:11")), "not a NIC while unknown");
        assertTrue(vlan.withDevice(true).isNicWithMac(Mac.parse("52:54:00:c0:00:11")));
        assertEquals(java.util.Set.of("eth1"), SysfsParser.devicesPresent(
                "/sys/class/net/eth1/device/uevent:DRIVER=virtio_net\n/sys/class/net/eth1/device/uevent:MODALIAS=virtio:d00000001v00001AF4\n"
                        + "grep: /sys/class/net/bond0.100/device/uevent: No such file or directory\n"));
    }

    @Test
    void bondStateFromSysfs() {
        var v = SysfsParser.values("/sys/class/net/bond0/bonding/mode:active-backup 1\n/sys/class/net/bond0/bonding/active_slave:eth0\n"
                + "/sys/class/net/bond0/bonding/primary:\n/sys/class/net/bond0/bonding/slaves:eth0 eth1\n");
        assertEquals("active-backup 1", v.get("mode"));
        assertEquals("eth0", v.get("active_slave"));
        assertTrue(SysfsParser.name(v.get("primary")).isEmpty());
    }

    /**
     * Issue 18.8: real `ip -o -d link show` of iproute2 6.1 (captured on this project's build machine): a veth with an
     * alias and an altname, a bridge port whose alias imitates a bond slave's details, the bridge. The alias comes
     * after the details and is never read, so it neither becomes the link's kind nor adds a master or a perm_hwaddr.
     */
    @Test
    void realOutputWithAnAliasAnAltnameAndAHostileAlias() throws Exception {
        String out = new String(getClass().getResourceAsStream("/iproute2/veth-bridge-alias-altname.txt").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        List<GuestLink> links = LinkListParser.parse(out);
        GuestLink port = links.stream().filter(l -> l.name().value().equals("eth1")).findFirst().orElseThrow();
        assertEquals(java.util.Optional.of("veth"), port.kind());
        assertEquals(java.util.Optional.of(new GuestInterfaceName("br0")), port.master(), "the head's master, not the alias's");
        assertFalse(port.permanentMacKnown(), "a bridge port has no perm_hwaddr; the alias's is not taken");
        assertFalse(port.permanentMac().equals(Mac.parse("11:22:33:44:55:66")));
        GuestLink aliased = links.stream().filter(l -> l.name().value().equals("eth0")).findFirst().orElseThrow();
        assertEquals(java.util.Optional.of("veth"), aliased.kind(), "its kind, not 'alias'");
        assertEquals(java.util.Optional.of("bridge"), links.stream().filter(l -> l.name().value().equals("br0")).findFirst().orElseThrow().kind());
    }

    /** A guest's virtio NIC in a bond, with an alias some images set: still a NIC with a device, the bond's slave. */
    @Test
    void aBondSlaveWithAnAliasIsStillTheVf() {
        String out = "2: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc fq_codel master bond0 state UP mode DEFAULT group default qlen 1000\\"
                + "    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \\    bond_slave state ACTIVE"
                + " mii_status UP link_failure_count 0 perm_hwaddr 52:54:00:c0:00:11 queue_id 0 prio 0 addrgenmode eui64 parentbus virtio parentdev virtio0"
                + " \\    alias uplink to the top of rack\\    altname enp0s3\n"
                + "3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\\"
                + "    link/ether 52:54:00:c0:00:22 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 addrgenmode eui64"
                + " parentbus virtio parentdev virtio1 \\    alias vlan master bond0 \\    bond_slave perm_hwaddr 52:54:00:c0:00:99\n";
        List<GuestLink> links = LinkListParser.parse(out);
        GuestLink vf = links.get(0);
        assertTrue(vf.kind().isEmpty(), () -> "no kind: " + vf.kind());
        assertEquals(java.util.Optional.of(true), vf.hasDevice());
        assertTrue(vf.isSlaveOf(new GuestInterfaceName("bond0")));
        assertTrue(vf.isNicWithMac(Mac.parse("52:54:00:c0:00:11")));
        GuestLink other = links.get(1);
        assertTrue(other.kind().isEmpty() && other.master().isEmpty(), () -> "an alias makes no kind or master: " + other);
        assertEquals(Mac.parse("52:54:00:c0:00:22"), other.permanentMac());
    }

    /** Real output with link-netns in the link part (iproute2 6.1), and a PF's vf lines (as igb prints them) after it. */
    @Test
    void linkNetnsAndVfLinesAreNeitherKindNorMac() throws Exception {
        String netns = new String(getClass().getResourceAsStream("/iproute2/veth-link-netns.txt").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        GuestLink veth = LinkListParser.parse(netns).get(0);
        assertEquals("eth0", veth.name().value());
        assertEquals(java.util.Optional.of("veth"), veth.kind());
        String pf = "2: enp1s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000\\"
                + "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 9216 addrgenmode eui64"
                + " numtxqueues 8 numrxqueues 8 parentbus pci parentdev 0000:01:00.0 \\    vf 0     link/ether 52:54:00:aa:bb:01 brd"
                + " ff:ff:ff:ff:ff:ff, vlan 100, spoof checking on, link-state auto, trust on\\    vf 1     link/ether 00:00:00:00:00:00 brd"
                + " ff:ff:ff:ff:ff:ff, spoof checking on, link-state auto, trust off\n";
        GuestLink nic = LinkListParser.parse(pf).get(0);
        assertEquals(Mac.parse("52:54:00:12:34:56"), nic.mac(), "its own MAC, not a VF's");
        assertTrue(nic.kind().isEmpty());
        assertEquals(java.util.Optional.of(true), nic.hasDevice());
    }
}
