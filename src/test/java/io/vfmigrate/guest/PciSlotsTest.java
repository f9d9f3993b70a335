package io.vfmigrate.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.model.GuestInterfaceName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PciSlotsTest {
    private static final GuestInterfaceName VIRTIO = new GuestInterfaceName("eth0");
    private static final GuestInterfaceName VF = new GuestInterfaceName("ens4");

    @Test
    void aVfsOwnSlotWinsOverItsParentsAndAVirtioNicTakesItsParents() {
        Map<String, String> files = Map.of(
                "/sys/class/net/eth0/device/uevent", "DRIVER=virtio_net\nMODALIAS=virtio:d00000001v00001AF4\n",
                "/sys/class/net/eth0/device/../uevent", "DRIVER=virtio-pci\nPCI_CLASS=20000\nPCI_SLOT_NAME=0000:00:02.0\n",
                "/sys/class/net/ens4/device/uevent", "DRIVER=iavf\nPCI_SLOT_NAME=0000:01:00.0\n",
                "/sys/class/net/ens4/device/../uevent", "DRIVER=pcieport\nPCI_SLOT_NAME=0000:00:1C.0\n");
        assertEquals(Map.of(VIRTIO, "0000:00:02.0", VF, "0000:01:00.0"), PciSlots.of(List.of(VIRTIO, VF), files));
    }

    @Test
    void missingFilesAndMalformedSlotsLeaveTheNicOut() {
        assertEquals(Map.of(), PciSlots.of(List.of(VIRTIO, VF), Map.of("/sys/class/net/ens4/device/uevent", "PCI_SLOT_NAME=00:01.0;x\n")));
    }

    @Test
    void grepOutputIsReadPerFile() {
        String out = "/sys/class/net/eth0/device/../uevent:PCI_SLOT_NAME=0000:00:02.0\n/sys/class/net/ens4/device/uevent:PCI_SLOT_NAME=0000:01:00.0\n";
        assertEquals(Map.of(VIRTIO, "0000:00:02.0", VF, "0000:01:00.0"), PciSlots.of(List.of(VIRTIO, VF), PciSlots.fromGrep(out)));
        assertEquals(List.of("grep", "-H", "PCI_SLOT_NAME=", "/sys/class/net/eth0/device/uevent", "/sys/class/net/eth0/device/../uevent"),
                GuestCommands.grepPciSlots(PciSlots.files(List.of(VIRTIO))));
    }
}
