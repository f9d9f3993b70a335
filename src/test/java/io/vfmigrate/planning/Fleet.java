package io.vfmigrate.planning;

import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.DomainListing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Builds fleet snapshots for placement tests: hosts with two NUMA nodes (CPUs 0-1 and 2-3), VFs, VMs. */
final class Fleet {
    static final long GIB = 1024L * 1024;
    private final Map<String, HostSpec> hosts = new LinkedHashMap<>();

    final class HostSpec {
        final String name;
        long freeKiB = 8 * GIB;
        long totalKiB = 16 * GIB;
        boolean disabled;
        Optional<String> unreachable = Optional.empty();
        final Map<String, List<Vf>> vfs = new LinkedHashMap<>();
        final List<VmView> vms = new ArrayList<>();

        HostSpec(String name) { this.name = name; }

        /** {@code count} free VFs of the network on the node (-1: node unknown). */
        HostSpec vfs(String network, int count, int node) {
            List<Vf> list = vfs.computeIfAbsent(network, n -> new ArrayList<>());
            for (int i = 0; i < count; i++) {
                int id = list.size();
                list.add(new Vf(name, network, network + "/vf" + id, "0000:81:00." + id, node < 0 ? OptionalInt.empty() : OptionalInt.of(node)));
            }
            return this;
        }

        HostSpec memory(long freeGiB, long totalGiB) {
            freeKiB = freeGiB * GIB;
            totalKiB = totalGiB * GIB;
            return this;
        }

        HostSpec disabled() {
            disabled = true;
            return this;
        }

        HostSpec unreachable() {
            unreachable = Optional.of("cannot connect");
            return this;
        }

        HostSpec vm(VmView vm) {
            vms.add(vm);
            return this;
        }

        Fleet done() { return Fleet.this; }
    }

    HostSpec host(String name) { return hosts.computeIfAbsent(name, HostSpec::new); }

    FleetSnapshot snapshot() {
        List<HostView> views = new ArrayList<>();
        for (HostSpec h : hosts.values()) {
            views.add(h.unreachable.isPresent() ? HostView.unreachable(h.name, h.unreachable.get(), h.disabled)
                    : new HostView(h.name, Optional.empty(), h.disabled, h.freeKiB, h.totalKiB,
                    Map.of(0, Set.of(0, 1), 1, Set.of(2, 3)), h.vfs, h.vms));
        }
        return new FleetSnapshot(views);
    }

    /** A running VM of 1 GiB and 1 vCPU with one VF per network given, in a bond. */
    static VmView bonded(String name, String... networks) { return vm(name, 1, 1, Set.of(), Readiness.bond(), networks); }

    static VmView vm(String name, long memoryGiB, int vcpus, Set<Integer> pinned, Readiness readiness, String... networks) {
        List<VmView.VmVf> vfs = new ArrayList<>();
        for (int i = 0; i < networks.length; i++) {
            vfs.add(new VmView.VmVf(networks[i], "src-" + name + "-" + i, "0000:01:00." + i, String.format("52:54:00:00:%02x:%02x", name.hashCode() & 0xff, i)));
        }
        DomainListing.State state = readiness.kind() == Readiness.Kind.SHUT_OFF ? DomainListing.State.SHUT_OFF : DomainListing.State.RUNNING;
        return new VmView(name, state, true, memoryGiB * GIB, vcpus, OptionalInt.empty(), pinned, vfs, readiness);
    }

    static EvacuationRequest evacuate(String source) {
        return new EvacuationRequest(source, Set.of(), Set.of(), Set.of(), List.of(), 1.0, 16.0, false, "bond-macvtap");
    }
}
