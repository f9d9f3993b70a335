package io.vfmigrate.ports;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.TemporaryPortSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One host of the inventory with the ports that reach it. */
public record Host(String name, Hypervisor hypervisor, GuestAgent agent, HostShell shell,
                   Map<String, VfPool> vfPools, Map<String, List<TemporaryPortSpec>> temporaryPorts,
                   Optional<String> migrationUri, Map<String, String> probes) {
    public Host {
        vfPools = Map.copyOf(vfPools);
        temporaryPorts = Map.copyOf(temporaryPorts);
        probes = Map.copyOf(probes);
    }

    /** The address the network's guests ping to verify their data path after a switch-over, if the inventory names one. */
    public Optional<String> probe(String network) { return Optional.ofNullable(probes.get(network)); }

    public VfPool pool(String network) {
        VfPool p = vfPools.get(network);
        if (p == null) throw new FailureException(new Failure.Unexpected("host " + name + " has no network " + network));
        return p;
    }

    public Optional<TemporaryPortSpec> temporaryPort(String network, Optional<String> type) {
        List<TemporaryPortSpec> specs = temporaryPorts.getOrDefault(network, List.of());
        return type.map(t -> specs.stream().filter(s -> s.type().equals(t)).findFirst()).orElseGet(() -> specs.stream().findFirst());
    }

    @Override public String toString() { return name; }
}
