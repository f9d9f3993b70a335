package io.vfmigrate.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A hot-plugged NIC is taken from its sysfs files only when they settle it; anything else lists the links. */
class AppearedLinkTest {
    private static final Mac MAC = Mac.parse("52:54:00:c0:00:11");
    private final GuestInterfaceName eth1 = new GuestInterfaceName("eth1");
    private final Map<String, String> files = new HashMap<>(Map.of("/sys/class/net/eth1/ifindex", "7\n", "/sys/class/net/eth1/address",
            "52:54:00:c0:00:11\n", "/sys/class/net/eth1/flags", "0x1002\n", "/sys/class/net/eth1/device/uevent", "DRIVER=virtio_net\n"));

    @Test
    void aNewNicWithTheMacThatNoBondHoldsIsTakenAsItsFilesSay() {
        GuestLink link = AppearedLink.of(eth1, MAC, files).orElseThrow();
        assertEquals(7, link.ifindex());
        assertEquals(eth1, link.name());
        assertTrue(link.isNicWithMac(MAC));
        assertEquals(false, link.isUp());
        assertEquals(Optional.empty(), link.master());
    }

    @Test
    void anUpNicSaysSo() {
        files.put("/sys/class/net/eth1/flags", "0x1003\n");
        assertEquals(true, AppearedLink.of(eth1, MAC, files).orElseThrow().isUp());
    }

    @Test
    void aSlaveAlreadyOrNoDeviceOrAnotherMacOrGarbageIsLeftToTheListing() {
        Map<String, String> slave = new HashMap<>(files);
        slave.put("/sys/class/net/eth1/bonding_slave/perm_hwaddr", "52:54:00:c0:00:11\n");
        assertEquals(Optional.empty(), AppearedLink.of(eth1, MAC, slave));
        Map<String, String> upper = new HashMap<>(files);
        upper.remove("/sys/class/net/eth1/device/uevent");
        assertEquals(Optional.empty(), AppearedLink.of(eth1, MAC, upper));
        Map<String, String> other = new HashMap<>(files);
        other.put("/sys/class/net/eth1/address", "52:54:00:c0:00:99\n");
        assertEquals(Optional.empty(), AppearedLink.of(eth1, MAC, other));
        Map<String, String> garbage = new HashMap<>(files);
        garbage.put("/sys/class/net/eth1/ifindex", "7; rm -rf /\n");
        assertEquals(Optional.empty(), AppearedLink.of(eth1, MAC, garbage));
    }

    @Test
    void onlyASingleNewEntryWithTheMacAndAValidNameCounts() {
        List<String> before = List.of("lo 00:00:00:00:00:00", "bond0 52:54:00:c0:00:11", "eth0 52:54:00:c0:00:11");
        assertTrue(AppearedLink.hasMac("eth1 52:54:00:C0:00:11", MAC));
        assertEquals(false, AppearedLink.hasMac("eth1 nonsense", MAC));
        assertEquals(Optional.empty(), AppearedLink.name("bad name; 52:54:00:c0:00:11"));
        assertEquals(Optional.of(eth1), AppearedLink.name("eth1 52:54:00:c0:00:11"));
        assertEquals(List.of("eth1 52:54:00:c0:00:11"), List.of("eth1 52:54:00:c0:00:11", "eth2 52:54:00:c0:00:99").stream()
                .filter(e -> !before.contains(e)).filter(e -> AppearedLink.hasMac(e, MAC)).toList());
    }
}
