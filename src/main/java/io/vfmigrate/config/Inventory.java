package io.vfmigrate.config;

import io.vfmigrate.model.TemporaryPortSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fleet as the user describes it (see README, "Inventory"). */
public record Inventory(String source, Map<String, HostConfig> hosts, PlacementRules placementRules) {
    public Inventory { hosts = Map.copyOf(hosts); }

    public Inventory(String source, Map<String, HostConfig> hosts) { this(source, hosts, PlacementRules.DEFAULT); }

    public HostConfig host(String name) {
        HostConfig h = hosts.get(name);
        if (h == null) {
            throw new ConfigException("unknown host '" + name + "': " + source + " defines " + String.join(", ", hosts.keySet().stream().sorted().toList()));
        }
        return h;
    }

    public record HostConfig(String name, String libvirtUri, Optional<String> migrationUri, List<String> shell,
                             Map<String, NetworkConfig> networks) {
        public HostConfig {
            shell = List.copyOf(shell);
            networks = Map.copyOf(networks);
        }
    }

    public record NetworkConfig(String name, VfPoolConfig vfPool, List<TemporaryPortSpec> temporaryPorts) {
        public NetworkConfig { temporaryPorts = List.copyOf(temporaryPorts); }

        /** The temporary port of this type, or the first one when no type is asked for. */
        public Optional<TemporaryPortSpec> temporaryPort(Optional<String> type) {
            return type.map(t -> temporaryPorts.stream().filter(p -> p.type().equals(t)).findFirst())
                    .orElseGet(() -> temporaryPorts.stream().findFirst());
        }
    }

    public sealed interface VfPoolConfig {
        String type();

        record Pf(String pf) implements VfPoolConfig { public String type() { return "pf"; } }

        record LibvirtNetwork(String network) implements VfPoolConfig { public String type() { return "libvirt-network"; } }

        record Emulated(String bridge, int slots) implements VfPoolConfig { public String type() { return "emulated"; } }
    }
}
