package io.vfmigrate.planning;

import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Host;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The temporary-port backend exists on both hosts: the port's XML migrates with the VM, so the
 * destination must offer the same backend (same macvtap device or OVS bridge) on that network.
 */
final class TemporaryPortChecks {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private final Host source;
    private final Host destination;
    private final Optional<String> type;

    TemporaryPortChecks(Host source, Host destination, Optional<String> type) {
        this.source = source;
        this.destination = destination;
        this.type = type;
    }

    void run(Preflight pf, VmTopology topology) {
        Set<String> networks = new LinkedHashSet<>();
        if (topology != null) topology.vfs().forEach(m -> networks.add(m.vf().vf().network()));
        for (String network : networks) {
            pf.run("temporary-port:" + source.name() + "/" + network, () -> probe(source, network, Optional.empty()));
            Optional<TemporaryPortSpec> onSource = source.temporaryPort(network, type);
            pf.run("temporary-port:" + destination.name() + "/" + network, () -> probe(destination, network, onSource));
        }
    }

    private Check probe(Host host, String network, Optional<TemporaryPortSpec> mustEqual) {
        String name = "temporary-port:" + host.name() + "/" + network;
        Optional<TemporaryPortSpec> spec = host.temporaryPort(network, type);
        if (spec.isEmpty()) {
            return Check.failed(name, host.name() + " has no temporary port" + type.map(t -> " of type " + t).orElse("") + " on network " + network);
        }
        if (mustEqual.isPresent() && !mustEqual.get().equals(spec.get())) {
            return Check.failed(name, "the temporary port migrates with the VM, but " + host.name() + " offers " + spec.get()
                    + " where the source has " + mustEqual.get());
        }
        ExecResult r = host.shell().run(spec.get().probeCommand(), PROBE_TIMEOUT);
        return r.ok()
                ? Check.ok(name, spec.get() + " is available on " + host.name())
                : Check.failed(name, "`" + String.join(" ", spec.get().probeCommand()) + "` failed on " + host.name() + " (exit " + r.exitCode() + ")");
    }
}
