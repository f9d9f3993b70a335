package io.vfmigrate.planning;

import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Host;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The temporary-port backend exists on both hosts: the port's XML migrates with the VM, so the
 * destination must offer the same backend on that network (an OVS port: the same bridge; a macvtap: a
 * macvtap, which vfmigrate makes on each host over that host's own lower device). A port on the VFs'
 * VLAN is checked for that VLAN: a macvtap's lower device is then the VLAN's device, which must be a
 * device name and exist on each host.
 */
final class TemporaryPortChecks {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private final Host source;
    private final Host destination;
    private final Optional<String> type;
    private final boolean onVfVlan;

    /** {@code onVfVlan}: the port carries the VFs' VLAN (else it is untagged whatever their VLAN). */
    TemporaryPortChecks(Host source, Host destination, Optional<String> type, boolean onVfVlan) {
        this.source = source;
        this.destination = destination;
        this.type = type;
        this.onVfVlan = onVfVlan;
    }

    void run(Preflight pf, VmTopology topology) {
        Map<String, Set<Optional<Integer>>> vlansByNetwork = new LinkedHashMap<>();
        if (topology != null) {
            topology.vfs().forEach(m -> vlansByNetwork.computeIfAbsent(m.vf().vf().network(), k -> new LinkedHashSet<>())
                    .add(onVfVlan ? m.settings().vlan() : Optional.empty()));
        }
        vlansByNetwork.forEach((network, vlans) -> vlans.forEach(vlan -> {
            pf.run(name(source, network), () -> probe(source, network, vlan, Optional.empty()));
            Optional<TemporaryPortSpec> onSource = source.temporaryPort(network, type);
            pf.run(name(destination, network), () -> probe(destination, network, vlan, onSource));
        }));
    }

    /**
     * A macvtap on the VFs' own PF (where the pool knows its PF): from the destination VF's programming until the guest has
     * the VF open, the NIC steers the VM's frames to the VF, away from the port, and they are lost; behind another uplink
     * of the network nothing is lost then. Said, not refused: a host may have no other uplink.
     */
    private static String onTheVfsPf(Host host, String network, TemporaryPortSpec spec) {
        if (!(spec instanceof TemporaryPortSpec.Macvtap m)) return "";
        Optional<String> pf;
        try {
            pf = host.pool(network).pfDevice();
        } catch (FailureException e) {
            return "";
        }
        if (pf.isEmpty() || !pf.get().equals(m.dev())) return "";
        return "; it sits on the VFs' own PF " + pf.get() + ", so the frames the NIC steers to the destination VF are lost from its"
                + " programming until the guest has it open: behind another uplink of the network they would not be"
                + " (docs/traffic-steering.md#where-to-put-the-temporary-port)";
    }

    private static String name(Host host, String network) { return "temporary-port:" + host.name() + "/" + network; }

    private Check probe(Host host, String network, Optional<Integer> vlan, Optional<TemporaryPortSpec> mustEqual) {
        String name = name(host, network);
        Optional<TemporaryPortSpec> spec = host.temporaryPort(network, type);
        if (spec.isEmpty()) {
            return Check.failed(name, host.name() + " has no temporary port" + type.map(t -> " of type " + t).orElse("") + " on network " + network);
        }
        String where = "host " + host.name() + ", network " + network + vlan.map(v -> ", VLAN " + v).orElse("");
        String port;
        try {
            port = spec.get().describe(vlan);
        } catch (IllegalArgumentException e) {
            return Check.failed(name, where + ": " + e.getMessage());
        }
        if (mustEqual.isPresent() && !mustEqual.get().sameDevice(spec.get(), vlan)) {
            return Check.failed(name, "the temporary port migrates with the VM, but " + host.name() + " offers " + port
                    + " where the source has " + mustEqual.get().describe(vlan));
        }
        ExecResult r = host.shell().run(spec.get().probeCommand(vlan), PROBE_TIMEOUT);
        if (r.ok()) return Check.ok(name, port + " is available on " + host.name() + onTheVfsPf(host, network, spec.get()));
        String failed = "`" + String.join(" ", spec.get().probeCommand(vlan)) + "` failed on " + host.name() + " (exit " + r.exitCode() + ")";
        return Check.failed(name, vlan.isEmpty() ? failed : where + ": " + failed + ": the temporary port, " + port
                + ", needs it on both hosts (docs/vlan-networks.md)");
    }
}
