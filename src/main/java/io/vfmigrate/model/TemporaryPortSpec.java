package io.vfmigrate.model;

import static io.vfmigrate.model.DomainDescription.XmlText.escape;

import java.util.List;
import java.util.Optional;

/**
 * How a host adds the temporary port that carries the VM's traffic while its VF is away. The port stands
 * in for the VF on the same L2 segment: on a VLAN provider network it carries the VF's VLAN (an OVS port's
 * access tag, or a macvtap over the 802.1Q device of that VLAN); without a VLAN it is untagged.
 */
public sealed interface TemporaryPortSpec {
    String type();

    /** The libvirt device XML of a temporary port with this MAC, user alias ("ua-...") and VLAN (empty: untagged). */
    String deviceXml(Mac mac, String alias, Optional<Integer> vlan);

    default String deviceXml(Mac mac, String alias) { return deviceXml(mac, alias, Optional.empty()); }

    /** Argument vector (run on the host) that exits 0 when this backend is usable there for a port on this VLAN. */
    List<String> probeCommand(Optional<Integer> vlan);

    default List<String> probeCommand() { return probeCommand(Optional.empty()); }

    /** What a port on this VLAN is attached to, in words ("macvtap on enp129s0f0.100 (bridge mode)"). */
    String describe(Optional<Integer> vlan);

    /** Whether {@code other} gives a port on this VLAN the same device XML: the port's XML migrates with the VM. */
    default boolean sameDevice(TemporaryPortSpec other, Optional<Integer> vlan) {
        Mac any = Mac.parse("02:00:00:00:00:00");
        return deviceXml(any, "ua-x", vlan).equals(other.deviceXml(any, "ua-x", vlan));
    }

    /**
     * A macvtap on {@code dev}; on a VLAN, on that VLAN's device over {@code dev}, named by {@code vlanDev}
     * ({@code {dev}.{vlan}} unless the inventory says otherwise).
     */
    record Macvtap(String dev, String mode, VlanDevicePattern vlanDev) implements TemporaryPortSpec {
        public static final List<String> MODES = List.of("bridge", "vepa", "private", "passthrough");

        public Macvtap {
            NetdevName.of(dev, "macvtap temporary port: dev");
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("macvtap temporary port: mode " + Printable.quote(mode) + " is not one of " + String.join(", ", MODES));
            }
            java.util.Objects.requireNonNull(vlanDev, "vlanDev");
        }

        public Macvtap(String dev, String mode) { this(dev, mode, VlanDevicePattern.DEFAULT); }

        public String type() { return "macvtap"; }

        /** The macvtap's lower device: {@code dev} untagged, else the VLAN's device (throws when the pattern gives no device name). */
        public NetdevName lowerDevice(Optional<Integer> vlan) {
            return vlan.map(v -> vlanDev.expand(dev, v)).orElseGet(() -> new NetdevName(dev));
        }

        /**
         * The port as libvirt sees it: the macvtap vfmigrate made on the host ({@link #createCommands}), which libvirt opens
         * and leaves as it is. libvirt's own macvtap ({@code type='direct'}) is set up by libvirt after the hot-plug, and the
         * host's IPv6 then announces the VM's MAC from the host before anything can turn it off.
         */
        public String deviceXml(Mac mac, String alias, Optional<Integer> vlan) {
            lowerDevice(vlan);   // never a port for a VLAN without its device
            return "<interface type='ethernet'><mac address='" + mac + "'/><target dev='" + hostDevice(mac) + "' managed='no'/>"
                    + "<model type='virtio'/><alias name='" + escape(alias) + "'/></interface>";
        }

        /** The host's name of the macvtap of a port with this MAC: "vft" and the MAC's 12 hex digits (15 characters, a device name's most). */
        public static NetdevName hostDevice(Mac mac) { return new NetdevName("vft" + mac.value().replace(":", "").toLowerCase(java.util.Locale.ROOT)); }

        /**
         * Makes the macvtap of a port with this MAC on this VLAN, silent: IPv6 is off on it before it comes up, so the host
         * never sends a frame from the VM's MAC ({@code -e}: a host without IPv6 has nothing to turn off).
         */
        public List<List<String>> createCommands(Mac mac, Optional<Integer> vlan) {
            String dev = hostDevice(mac).value();
            return List.of(
                    List.of("ip", "link", "add", "link", lowerDevice(vlan).value(), "name", dev, "address", mac.value(), "type", "macvtap",
                            "mode", mode.equals("passthrough") ? "passthru" : mode),
                    List.of("sysctl", "-q", "-e", "-w", "net.ipv6.conf." + dev + ".disable_ipv6=1"),
                    List.of("ip", "link", "set", "dev", dev, "up"));
        }

        public static List<String> deleteCommand(Mac mac) { return List.of("ip", "link", "del", "dev", hostDevice(mac).value()); }

        public List<String> probeCommand(Optional<Integer> vlan) { return List.of("ip", "link", "show", "dev", lowerDevice(vlan).value()); }

        public String describe(Optional<Integer> vlan) { return "macvtap on " + lowerDevice(vlan) + " (" + mode + " mode)"; }

        @Override public String toString() { return describe(Optional.empty()); }
    }

    /** A port of an Open vSwitch bridge; on a VLAN, with that VLAN as its access tag. */
    record Ovs(String bridge) implements TemporaryPortSpec {
        public Ovs {
            NetdevName.of(bridge, "ovs temporary port: bridge");
        }

        public String type() { return "ovs"; }

        public String deviceXml(Mac mac, String alias, Optional<Integer> vlan) {
            String tag = vlan.map(v -> "<vlan><tag id='" + VfSettings.requireVlanId(v, "ovs temporary port") + "'/></vlan>").orElse("");
            return "<interface type='bridge'><mac address='" + mac + "'/><source bridge='" + escape(bridge)
                    + "'/>" + tag + "<virtualport type='openvswitch'/><model type='virtio'/><alias name='" + escape(alias)
                    + "'/></interface>";
        }

        public List<String> probeCommand(Optional<Integer> vlan) { return List.of("ovs-vsctl", "br-exists", bridge); }

        public String describe(Optional<Integer> vlan) { return "Open vSwitch bridge " + bridge + vlan.map(v -> " (tag " + v + ")").orElse(""); }

        @Override public String toString() { return describe(Optional.empty()); }
    }
}
