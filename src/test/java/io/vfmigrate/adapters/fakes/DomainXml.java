package io.vfmigrate.adapters.fakes;

/** Live-looking domain XML for tests. */
public final class DomainXml {
    private DomainXml() {}

    public static String domain(String name, String... devices) {
        return "<domain type='qemu' id='1'><name>" + name + "</name><uuid>00000000-0000-0000-0000-00000000000" + (name.length() % 10)
                + "</uuid><memory unit='KiB'>262144</memory><currentMemory unit='KiB'>262144</currentMemory><devices>"
                + String.join("", devices) + "</devices></domain>";
    }

    public static String bridgeNic(String mac, String bridge, String targetDev, String alias) {
        return "<interface type='bridge'><mac address='" + mac + "'/><source bridge='" + bridge + "'/><target dev='" + targetDev
                + "'/><model type='virtio'/><alias name='" + alias + "'/></interface>";
    }

    /** An unmanaged tap (the lab's emulated VF). */
    public static String ethernetNic(String mac, String targetDev, String alias) {
        return "<interface type='ethernet'><mac address='" + mac + "'/><target dev='" + targetDev + "' managed='no'/><model type='virtio'/><alias name='"
                + alias + "'/></interface>";
    }

    public static String ovsPort(String mac, String bridge, String targetDev, String alias) {
        return "<interface type='bridge'><mac address='" + mac + "'/><source bridge='" + bridge + "'/><virtualport type='openvswitch'/><target dev='"
                + targetDev + "'/><model type='virtio'/><alias name='" + alias + "'/></interface>";
    }

    public static String macvtap(String mac, String dev, String alias) {
        return "<interface type='direct'><mac address='" + mac + "'/><source dev='" + dev + "' mode='bridge'/><target dev='macvtap0'/>"
                + "<model type='virtio'/><alias name='" + alias + "'/></interface>";
    }

    public static String hostdevNic(String mac, String bus, String slot, String function, String alias) {
        return "<interface type='hostdev' managed='yes'><mac address='" + mac + "'/><driver name='vfio'/><source><address type='pci' domain='0x0000' bus='"
                + bus + "' slot='" + slot + "' function='" + function + "'/></source><vlan><tag id='190'/></vlan><alias name='" + alias
                + "'/><address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/></interface>";
    }

    public static String hostdev(String bus, String slot, String function) {
        return "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='" + bus + "' slot='" + slot
                + "' function='" + function + "'/></source><alias name='hostdev0'/></hostdev>";
    }

    public static String networkNic(String mac, String network, String alias) {
        return "<interface type='network'><mac address='" + mac + "'/><source network='" + network + "'/><alias name='" + alias + "'/></interface>";
    }
}
