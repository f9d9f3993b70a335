package io.vfmigrate.cli;

import io.vfmigrate.adapters.agent.LibvirtGuestAgent;
import io.vfmigrate.adapters.exec.CommonsExecHostShell;
import io.vfmigrate.adapters.libvirt.LibvirtAgentChannel;
import io.vfmigrate.adapters.libvirt.LibvirtHypervisor;
import io.vfmigrate.adapters.libvirt.LibvirtSession;
import io.vfmigrate.adapters.resilience.RetryingGuestAgent;
import io.vfmigrate.adapters.resilience.RetryingHypervisor;
import io.vfmigrate.adapters.vfpool.EmulatedVfPool;
import io.vfmigrate.adapters.vfpool.LibvirtNetworkVfPool;
import io.vfmigrate.adapters.vfpool.PfVfPool;
import io.vfmigrate.app.HostConnector;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.model.Keepalive;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.HostShell;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.ports.VfPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reaches inventory hosts for real: libvirt-java, the guest agent through libvirt, Commons Exec. */
final class RealHostConnector implements HostConnector {
    /** One session per keepalive setting: the inventory's defaults give every host the same, so one in practice. */
    private final Map<Keepalive, LibvirtSession> sessions = new HashMap<>();
    private final Map<String, Host> hosts = new HashMap<>();
    /** Their shell sessions (over ssh) end with the connector. */
    private final List<CommonsExecHostShell> shells = new ArrayList<>();

    public synchronized Host connect(Inventory.HostConfig c) {
        return hosts.computeIfAbsent(c.name(), n -> build(c));
    }

    private Host build(Inventory.HostConfig c) {
        LibvirtSession session = sessions.computeIfAbsent(c.keepalive(), LibvirtSession::new);
        Hypervisor hypervisor = new RetryingHypervisor(new LibvirtHypervisor(session, c.name(), c.libvirtUri()));
        CommonsExecHostShell shell = new CommonsExecHostShell(c.name(), c.shell(), c.keepalive());
        shells.add(shell);
        var agent = new RetryingGuestAgent(new LibvirtGuestAgent(new LibvirtAgentChannel(session, c.name(), c.libvirtUri())));
        Map<String, VfPool> pools = new LinkedHashMap<>();
        Map<String, java.util.List<TemporaryPortSpec>> ports = new LinkedHashMap<>();
        Map<String, String> probes = new LinkedHashMap<>();
        c.networks().forEach((name, net) -> {
            pools.put(name, pool(c.name(), name, net.vfPool(), shell, hypervisor));
            ports.put(name, net.temporaryPorts());
            net.probe().ifPresent(p -> probes.put(name, p));
        });
        return new Host(c.name(), hypervisor, agent, shell, pools, ports, c.migrationUri(), probes);
    }

    private static VfPool pool(String host, String network, Inventory.VfPoolConfig config, HostShell shell, Hypervisor hypervisor) {
        if (config instanceof Inventory.VfPoolConfig.Pf pf) return new PfVfPool(shell, hypervisor, host, network, pf.pf());
        if (config instanceof Inventory.VfPoolConfig.LibvirtNetwork ln) return new LibvirtNetworkVfPool(hypervisor, host, network, ln.network());
        var e = (Inventory.VfPoolConfig.Emulated) config;
        return new EmulatedVfPool(shell, hypervisor, host, network, e.bridge(), e.ovsRundir(), e.vfPrefix(), e.slots());
    }

    @Override
    public synchronized void close() {
        shells.forEach(CommonsExecHostShell::close);
        sessions.values().forEach(LibvirtSession::close);
    }
}
