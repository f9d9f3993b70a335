package io.vfmigrate.config;

import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.model.Keepalive;
import io.vfmigrate.model.TemporaryPortSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fleet as the user describes it (docs/inventory.md). */
public record Inventory(String source, Map<String, HostConfig> hosts, PlacementRules placementRules,
                        Map<String, String> migrationDefaults, int maxConcurrentMoves) {
    /** {@code defaults: {max-concurrent-moves: N}}: moves at once across every coordinator sharing the state store. */
    public static final int DEFAULT_MAX_CONCURRENT_MOVES = 5;

    public Inventory {
        hosts = Map.copyOf(hosts);
        migrationDefaults = Map.copyOf(migrationDefaults);
        if (maxConcurrentMoves < 1) throw new IllegalArgumentException("max-concurrent-moves must be at least 1, not " + maxConcurrentMoves);
    }

    /** An inventory of no host (for the commands that read none), with every default. */
    public static Inventory empty(String source) {
        return new Inventory(source, Map.of(), PlacementRules.DEFAULT, Map.of(), DEFAULT_MAX_CONCURRENT_MOVES);
    }

    /** The inventory's layers of the migration policy of a move to {@code destination}: the defaults, then the destination's. */
    public List<PolicyLayers.Layer> migrationLayers(HostConfig destination) {
        return List.of(new PolicyLayers.Layer("inventory defaults", migrationDefaults),
                new PolicyLayers.Layer("destination host " + destination.name(), destination.migration()));
    }

    public HostConfig host(String name) {
        HostConfig h = hosts.get(name);
        if (h == null) {
            throw new ConfigException("unknown host '" + name + "': " + source + " defines " + String.join(", ", hosts.keySet().stream().sorted().toList()));
        }
        return h;
    }

    /** {@code migration}: the migration policy this host sets when it is the destination (docs/migration-policy.md). */
    /** {@code keepalive}: libvirt's keepalive on this host's connections, from {@code defaults} (docs/inventory.md#connections). */
    public record HostConfig(String name, String libvirtUri, Optional<String> migrationUri, List<String> shell,
                             Map<String, NetworkConfig> networks, Map<String, String> migration, Keepalive keepalive) {
        public HostConfig {
            shell = List.copyOf(shell);
            networks = Map.copyOf(networks);
            migration = Map.copyOf(migration);
        }
    }

    /**
     * {@code probe}: an address the guests of this network reach through their bond (a gateway, a router's
     * address): pinged by the guest after each switch-over to verify the data path (docs/failure-semantics.md).
     */
    public record NetworkConfig(String name, VfPoolConfig vfPool, List<TemporaryPortSpec> temporaryPorts, Optional<String> probe) {
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

        /** The lab's emulated PF: an Open vSwitch bridge whose daemons' sockets are in {@code ovsRundir}. */
        record Emulated(String bridge, String ovsRundir, String vfPrefix, int slots) implements VfPoolConfig {
            public static final String DEFAULT_OVS_RUNDIR = "/run/openvswitch";
            public static final String DEFAULT_VF_PREFIX = "evf";

            public String type() { return "emulated"; }
        }
    }
}
