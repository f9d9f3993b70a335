package io.vfmigrate.planning;

import io.vfmigrate.model.Vf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a destination can still take while a placement is computed: memory (total x overcommit - used,
 * which is the free memory at 1.0), vCPUs (host CPUs x overcommit - vCPUs of its running domains) and
 * its free VFs per network. Promises are subtracted as they are made.
 */
final class DestinationCapacity {
    final HostView host;
    long memoryLeftKiB;
    long vcpusLeft;
    private final Map<String, List<Vf>> freeVfs = new HashMap<>();

    DestinationCapacity(HostView host, double memoryOvercommit, double vcpuOvercommit) {
        this.host = host;
        this.memoryLeftKiB = host.freeMemoryKiB() + (long) ((memoryOvercommit - 1) * host.totalMemoryKiB());
        this.vcpusLeft = (long) Math.floor(host.cpus() * vcpuOvercommit) - host.vcpusInUse();
        host.freeVfs().forEach((network, vfs) -> freeVfs.put(network, new ArrayList<>(vfs)));
    }

    String name() { return host.name(); }

    /** The NUMA node this destination must give the VM's VFs on, if any (the single migration's rule). */
    OptionalInt node(VmView vm) {
        return NumaLocality.vmNode(vm.numatuneNode(), vm.vcpusPinned(), vm.pinnedCpus(), host.numaCpus());
    }

    boolean hasNetwork(String network) { return freeVfs.containsKey(network); }

    /** Free VFs of the network on the node (any node when empty); 0 when the host lacks the network. */
    int free(String network, OptionalInt node) {
        List<Vf> vfs = freeVfs.get(network);
        if (vfs == null) return 0;
        if (node.isEmpty()) return vfs.size();
        int n = 0;
        for (Vf vf : vfs) if (NumaLocality.fits(vf, node)) n++;
        return n;
    }

    /** Why the VM does not fit here, or empty when it does; {@code needs} counts VFs per network. */
    Optional<String> misfit(VmView vm, Map<String, Integer> needs, boolean offline) {
        for (var need : needs.entrySet()) {
            if (!hasNetwork(need.getKey())) return Optional.of("have no network " + need.getKey());
        }
        if (offline) return Optional.empty();
        OptionalInt node = node(vm);
        for (var need : needs.entrySet()) {
            if (free(need.getKey(), node) < need.getValue()) {
                return Optional.of("have too few free VFs of " + need.getKey() + (node.isPresent() ? " on the VM's NUMA node" : "")
                        + " (needs " + need.getValue() + ")");
            }
        }
        if (memoryLeftKiB < vm.memoryKiB()) return Optional.of("have too little memory left (needs " + vm.memoryKiB() / 1024 + " MiB)");
        if (vcpusLeft < vm.vcpus()) return Optional.of("have too few vCPUs left (needs " + vm.vcpus() + ")");
        return Optional.empty();
    }

    /** Higher is better: the free VFs of the networks the VM needs (on its node). */
    int vfScore(VmView vm, Map<String, Integer> needs) {
        if (needs.isEmpty()) return 0;
        OptionalInt node = node(vm);
        int score = 0;
        for (String network : needs.keySet()) score += free(network, node);
        return score;
    }

    /** Promises the first fitting free VF of the network to the VM; it is gone for the next one. */
    Vf take(String network, OptionalInt node) {
        List<Vf> vfs = freeVfs.get(network);
        for (int i = 0; i < vfs.size(); i++) {
            if (NumaLocality.fits(vfs.get(i), node)) return vfs.remove(i);
        }
        throw new IllegalStateException("no free VF of " + network + " left on " + name() + " although it was counted");
    }

    /** Counts what an earlier placement (kept through a re-placement) took from here. */
    void keep(Placement p) {
        if (!p.offline()) {
            memoryLeftKiB -= p.memoryKiB();
            vcpusLeft -= p.vcpus();
        }
        for (Placement.VfMove m : p.vfs()) {
            m.destinationVf().ifPresent(vf -> {
                List<Vf> vfs = freeVfs.get(vf.network());
                if (vfs != null) vfs.removeIf(v -> v.id().equals(vf.id()));
            });
        }
    }

    void promise(VmView vm) {
        memoryLeftKiB -= vm.memoryKiB();
        vcpusLeft -= vm.vcpus();
    }
}
