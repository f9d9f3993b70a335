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
                2: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast master bond0 state UP mode DEFAULT group default qlen 1000\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff
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
                + "85: eth1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT\\    link/ether 52:54:00:c0:00:11 brd ff:ff:ff:ff:ff:ff\n";
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
    void bondStateFromSysfs() {
        var v = SysfsParser.values("/sys/class/net/bond0/bonding/mode:active-backup 1\n/sys/class/net/bond0/bonding/active_slave:eth0\n"
                + "/sys/class/net/bond0/bonding/primary:\n/sys/class/net/bond0/bonding/slaves:eth0 eth1\n");
        assertEquals("active-backup 1", v.get("mode"));
        assertEquals("eth0", v.get("active_slave"));
        assertTrue(SysfsParser.name(v.get("primary")).isEmpty());
    }
}
