package io.vfmigrate.model;

import static io.vfmigrate.model.DomainDescription.XmlText.escape;

/** How a host adds the temporary port that carries the VM's traffic while its VF is away. */
public sealed interface TemporaryPortSpec {
    String type();

    /** The libvirt device XML of a temporary port with this MAC and user alias ("ua-..."). */
    String deviceXml(Mac mac, String alias);

    /** Argument vector (run on the host) that exits 0 when this backend is usable there. */
    java.util.List<String> probeCommand();

    record Macvtap(String dev, String mode) implements TemporaryPortSpec {
        public static final java.util.List<String> MODES = java.util.List.of("bridge", "vepa", "private", "passthrough");

        public Macvtap {
            NetdevName.of(dev, "macvtap temporary port: dev");
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("macvtap temporary port: mode " + Printable.quote(mode) + " is not one of " + String.join(", ", MODES));
            }
        }

        public String type() { return "macvtap"; }

        public String deviceXml(Mac mac, String alias) {
            return "<interface type='direct'><mac address='" + mac + "'/><source dev='" + escape(dev)
                    + "' mode='" + escape(mode) + "'/><model type='virtio'/><alias name='" + escape(alias)
                    + "'/></interface>";
        }

        public java.util.List<String> probeCommand() { return java.util.List.of("ip", "link", "show", "dev", dev); }

        @Override public String toString() { return "macvtap on " + dev + " (" + mode + " mode)"; }
    }

    record Ovs(String bridge) implements TemporaryPortSpec {
        public Ovs {
            NetdevName.of(bridge, "ovs temporary port: bridge");
        }

        public String type() { return "ovs"; }

        public String deviceXml(Mac mac, String alias) {
            return "<interface type='bridge'><mac address='" + mac + "'/><source bridge='" + escape(bridge)
                    + "'/><virtualport type='openvswitch'/><model type='virtio'/><alias name='" + escape(alias)
                    + "'/></interface>";
        }

        public java.util.List<String> probeCommand() { return java.util.List.of("ovs-vsctl", "br-exists", bridge); }

        @Override public String toString() { return "Open vSwitch bridge " + bridge; }
    }
}
