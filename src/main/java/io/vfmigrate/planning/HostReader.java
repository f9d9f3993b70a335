package io.vfmigrate.planning;

import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.DomainListing;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.HostResources;
import io.vfmigrate.ports.VfPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one host for the fleet snapshot, changing nothing: its resources, free VFs, and every domain with
 * its VFs and readiness (guest agent, bonds). Throws {@link FailureException} when the host does not answer.
 */
public final class HostReader {
    private final Duration guestTimeout;

    public HostReader(Duration guestTimeout) { this.guestTimeout = guestTimeout; }

    public HostView read(Host host, boolean disabled) {
        host.hypervisor().ping();
        HostResources resources = host.hypervisor().resources();
        Map<String, List<Vf>> free = new LinkedHashMap<>();
        for (var e : host.vfPools().entrySet()) free.put(e.getKey(), e.getValue().free());
        List<VmView> vms = new ArrayList<>();
        for (DomainListing d : host.hypervisor().domains()) vms.add(vm(host, d));
        return new HostView(host.name(), java.util.Optional.empty(), disabled, resources.freeMemoryKiB(), resources.totalMemoryKiB(),
                resources.numaCpus(), free, vms);
    }

    private VmView vm(Host host, DomainListing listing) {
        DomainDescription domain = DomainDescription.parse(listing.xml());
        List<VmView.VmVf> vfs = new ArrayList<>();
        for (VfPool pool : host.vfPools().values()) {
            for (AttachedVf a : pool.attachedTo(domain)) {
                vfs.add(new VmView.VmVf(a.vf().network(), a.vf().id(), a.vf().address(), a.mac().value()));
            }
        }
        Readiness readiness = readiness(host, listing, domain, vfs.isEmpty());
        Set<Integer> pinned = domain.vcpusPinned() ? domain.pinnedCpus() : Set.of();
        return new VmView(listing.name(), listing.state(), listing.persistent(), domain.memoryKiB(), domain.vcpus(),
                domain.numaNode(), pinned, vfs, readiness, domain.uuid());
    }

    private Readiness readiness(Host host, DomainListing listing, DomainDescription domain, boolean noVf) {
        if (listing.state() == DomainListing.State.SHUT_OFF) {
            return new Readiness(Readiness.Kind.SHUT_OFF, "shut off: only its definition can move (offline migration)");
        }
        if (listing.state() != DomainListing.State.RUNNING) {
            return new Readiness(Readiness.Kind.OTHER_STATE, "state " + listing.state().label() + " is not handled");
        }
        if (noVf) return Readiness.plain();
        try {
            host.agent().ping(listing.name(), guestTimeout);
            Set<String> enabled = host.agent().enabledCommands(listing.name());
            if (!enabled.contains("guest-exec") || !enabled.contains("guest-exec-status")) {
                return new Readiness(Readiness.Kind.NO_AGENT, "the guest's agent policy does not allow guest-exec");
            }
        } catch (FailureException e) {
            return new Readiness(Readiness.Kind.NO_AGENT, "guest agent: " + e.failure().message());
        }
        try {
            VmTopology topology = TopologyReader.read(host, domain, new GuestNetwork(host.agent(), listing.name(), guestTimeout));
            Preflight pf = new Preflight();
            new GuestChecks(topology, true, false).run(pf);
            return pf.checks().stream().filter(c -> !c.ok()).findFirst()
                    .map(c -> new Readiness(Readiness.Kind.NO_BOND, c.detail()))
                    .orElseGet(Readiness::bond);
        } catch (FailureException e) {
            return new Readiness(Readiness.Kind.NO_AGENT, "cannot read the guest's links and bonds: " + e.failure().message());
        }
    }
}
