package io.vfmigrate.config;

import io.vfmigrate.migration.PolicyKey;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Keepalive;
import io.vfmigrate.model.NetdevName;
import io.vfmigrate.model.Printable;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.model.VlanDevicePattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and validates the inventory; every error names the file, line, host and key. */
public final class InventoryLoader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private InventoryLoader() {}

    public static Inventory load(Path file) {
        return fromNode(file.toString(), YamlReader.read(file));
    }

    public static Inventory parse(String name, String yaml) {
        return fromNode(name, YamlReader.parse(name, yaml));
    }

    private static Inventory fromNode(String source, YamlNode root) {
        root.onlyKeys("hosts", "anti-affinity", "overcommit", "defaults");
        Map<String, String> migrationDefaults = root.get("defaults")
                .map(d -> d.onlyKeys("migration", "max-concurrent-moves", "keepalive-interval", "keepalive-count").get("migration")
                        .map(InventoryLoader::migrationPolicy).orElse(Map.of()))
                .orElse(Map.of());
        int maxMoves = root.get("defaults").flatMap(d -> d.get("max-concurrent-moves")).map(n -> n.asInt(1, 1000))
                .orElse(Inventory.DEFAULT_MAX_CONCURRENT_MOVES);
        Keepalive keepalive = root.get("defaults").map(InventoryLoader::keepalive).orElse(Keepalive.DEFAULT);
        Map<String, YamlNode> hostNodes = root.require("hosts").asMap();
        if (hostNodes.isEmpty()) throw root.require("hosts").error("no hosts defined");
        Map<String, Inventory.HostConfig> hosts = new LinkedHashMap<>();
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        for (var e : hostNodes.entrySet()) {
            // host names are DNS names: two that differ only in case are one host listed twice
            String earlier = byLowerCase.putIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getKey());
            if (earlier != null) {
                throw e.getValue().error("host '" + e.getKey() + "' is host '" + earlier + "' again (host names do not differ by case)");
            }
            hosts.put(e.getKey(), host(e.getKey(), e.getValue(), keepalive));
        }
        return new Inventory(source, hosts, PlacementRulesLoader.read(root), migrationDefaults, maxMoves);
    }

    /**
     * {@code keepalive-interval}: whole seconds up to 10m, {@code off} (or 0s) for none; {@code keepalive-count}:
     * 1..100 probes without an answer before a connection counts as dead. Refused with file and line.
     */
    private static Keepalive keepalive(YamlNode defaults) {
        int count = defaults.get("keepalive-count").map(n -> n.asInt(1, Keepalive.MAX_COUNT)).orElse(Keepalive.DEFAULT.count());
        YamlNode n = defaults.get("keepalive-interval").orElse(null);
        if (n == null) return new Keepalive(Keepalive.DEFAULT.interval(), count);
        try {
            return new Keepalive(n.asText().equals("off") ? java.time.Duration.ZERO : Durations.parse(n.asText()), count);
        } catch (IllegalArgumentException bad) {
            throw n.error(bad.getMessage() + "; or off");
        }
    }

    private static Inventory.HostConfig host(String name, YamlNode n, Keepalive keepalive) {
        if (!NAME.matcher(name).matches()) throw n.error("invalid host name '" + name + "'");
        n.onlyKeys("libvirt-uri", "migration-uri", "shell", "networks", "migration");
        YamlNode uriNode = n.require("libvirt-uri");
        String uri = uriNode.asText();
        if (!uri.matches("[a-z0-9+]+:/.*")) throw uriNode.error("not a libvirt URI: '" + uri + "'");
        if (uri.matches("[a-z0-9]+\\+ext:.*")) {
            // libvirt runs the URI's command= on every connection, so even `vms` and a dry run would run it, unannounced
            throw uriNode.error("the ext transport runs a command at every connection, read-only commands too: use ssh, libssh, tls or unix");
        }
        Optional<String> migration = n.get("migration-uri").map(m -> {
            String v = m.asText();
            if (!v.matches("(tcp|rdma|unix)://\\S+")) throw m.error("expected tcp://ADDRESS[:PORT], found '" + v + "'");
            return v;
        });
        List<String> shell = n.get("shell").map(s -> {
            List<String> argv = s.asTextList();
            if (argv.stream().anyMatch(String::isEmpty)) throw s.error("empty argument in shell");
            return argv;
        }).orElse(List.of());
        YamlNode nets = n.require("networks");
        if (nets.asMap().isEmpty()) throw nets.error("no networks defined for host " + name);
        Map<String, Inventory.NetworkConfig> networks = new LinkedHashMap<>();
        for (var e : nets.asMap().entrySet()) networks.put(e.getKey(), network(e.getKey(), e.getValue()));
        Map<String, String> policy = n.get("migration").map(InventoryLoader::migrationPolicy).orElse(Map.of());
        return new Inventory.HostConfig(name, uri, migration, shell, networks, policy, keepalive);
    }

    /** A {@code migration:} mapping of policy keys (PolicyKey's table, with its ranges); a list value is a downtime schedule. */
    private static Map<String, String> migrationPolicy(YamlNode n) {
        n.onlyKeys(PolicyKey.names().toArray(new String[0]));
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : n.asMap().entrySet()) {
            YamlNode v = e.getValue();
            String text = v.isList() ? String.join(",", v.asTextList()) : v.asText();
            try {
                PolicyKey.named(e.getKey()).orElseThrow().check(text);
            } catch (IllegalArgumentException bad) {
                throw v.error(bad.getMessage());
            }
            out.put(e.getKey(), text);
        }
        return out;
    }

    private static Inventory.NetworkConfig network(String name, YamlNode n) {
        if (!NAME.matcher(name).matches()) throw n.error("invalid network name '" + name + "'");
        n.onlyKeys("vf-pool", "temporary-port", "probe");
        Inventory.VfPoolConfig pool = vfPool(n.require("vf-pool"));
        List<TemporaryPortSpec> ports = new ArrayList<>();
        n.get("temporary-port").ifPresent(t -> {
            List<YamlNode> items = t.isList() ? t.asList() : List.of(t);
            for (YamlNode item : items) {
                TemporaryPortSpec spec = temporaryPort(item);
                if (ports.stream().anyMatch(p -> p.type().equals(spec.type()))) {
                    throw item.error("duplicate temporary-port type '" + spec.type() + "'");
                }
                ports.add(spec);
            }
        });
        Optional<String> probe = n.get("probe").map(p -> {
            String address = p.asText();
            if (!ProbeAddress.isLiteral(address)) throw p.error("probe: '" + address + "' is not an IPv4 or IPv6 address (no host names)");
            return address;
        });
        return new Inventory.NetworkConfig(name, pool, ports, probe);
    }

    private static Inventory.VfPoolConfig vfPool(YamlNode n) {
        YamlNode typeNode = n.require("type");
        return switch (typeNode.asText()) {
            case "pf" -> new Inventory.VfPoolConfig.Pf(dev(n.onlyKeys("type", "pf").require("pf")));
            case "libvirt-network" -> new Inventory.VfPoolConfig.LibvirtNetwork(
                    name(n.onlyKeys("type", "network").require("network")));
            case "emulated" -> {
                n.onlyKeys("type", "bridge", "ovs-rundir", "vf-prefix", "slots");
                String rundir = n.get("ovs-rundir").map(YamlNode::asText).orElse(Inventory.VfPoolConfig.Emulated.DEFAULT_OVS_RUNDIR);
                if (!rundir.matches("/[A-Za-z0-9_./-]{1,200}")) throw n.require("ovs-rundir").error("ovs-rundir: '" + rundir + "' is not an absolute path");
                String prefix = n.get("vf-prefix").map(YamlNode::asText).orElse(Inventory.VfPoolConfig.Emulated.DEFAULT_VF_PREFIX);
                if (!prefix.matches("[a-z]([a-z0-9]{0,8}[a-z])?")) {
                    throw n.require("vf-prefix").error("vf-prefix: '" + prefix + "' is not 1-10 lower-case letters and digits, a letter first and last");
                }
                yield new Inventory.VfPoolConfig.Emulated(dev(n.require("bridge")), rundir, prefix, n.require("slots").asInt(1, 1024));
            }
            default -> throw typeNode.error("unknown vf-pool type '" + typeNode.asText() + "' (pf, libvirt-network, emulated)");
        };
    }

    private static TemporaryPortSpec temporaryPort(YamlNode n) {
        YamlNode typeNode = n.require("type");
        return switch (typeNode.asText()) {
            case "macvtap" -> {
                n.onlyKeys("type", "dev", "mode", "vlan-dev");
                String mode = n.get("mode").map(YamlNode::asText).orElse("bridge");
                if (!List.of("bridge", "vepa", "private", "passthrough").contains(mode)) {
                    throw n.require("mode").error("unknown macvtap mode '" + mode + "' (bridge, vepa, private, passthrough)");
                }
                VlanDevicePattern vlanDev = n.get("vlan-dev").map(InventoryLoader::vlanDev).orElse(VlanDevicePattern.DEFAULT);
                yield new TemporaryPortSpec.Macvtap(dev(n.require("dev")), mode, vlanDev);
            }
            case "ovs" -> new TemporaryPortSpec.Ovs(dev(n.onlyKeys("type", "bridge").require("bridge")));
            default -> throw typeNode.error("unknown temporary-port type '" + typeNode.asText() + "' (macvtap, ovs)");
        };
    }

    /** A device name goes into host commands and sysfs paths: {@link NetdevName}'s rules, refused here with file:line. */
    private static String dev(YamlNode n) {
        String v = n.asText();
        NetdevName.whyNot(v).ifPresent(why -> { throw n.error("not a network device name: " + Printable.quote(v) + " (" + why + ")"); });
        return v;
    }

    /** How the host names a VLAN's device over the macvtap's {@code dev}: its placeholders and characters, refused here with file:line. */
    private static VlanDevicePattern vlanDev(YamlNode n) {
        String v = n.asText();
        VlanDevicePattern.whyNot(v).ifPresent(why -> { throw n.error("not a VLAN device pattern: " + Printable.quote(v) + " (" + why + ")"); });
        return new VlanDevicePattern(v);
    }

    private static String name(YamlNode n) {
        String v = n.asText();
        if (!NAME.matcher(v).matches()) throw n.error("invalid name '" + v + "'");
        return v;
    }
}
