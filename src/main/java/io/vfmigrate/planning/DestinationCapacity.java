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
    private final Map<String, VfStock> freeVfs = new HashMap<>();

    /** The free VFs of one network, with counts per NUMA node kept up to date (placement asks them often). */
    private static final class VfStock {
        final List<Vf> vfs;
        final Map<Integer, Integer> byNode = new HashMap<>();
        int unknownNode;

        VfStock(List<Vf> vfs) {
            this.vfs = new ArrayList<>(vfs);
            for (Vf vf : vfs) count(vf, 1);
        }

        void count(Vf vf, int delta) {
            if (vf.numaNode().isEmpty()) unknownNode += delta;
            else byNode.merge(vf.numaNode().getAsInt(), delta, Integer::sum);
        }

        int free(OptionalInt node) {
            return node.isEmpty() ? vfs.size() : unknownNode + byNode.getOrDefault(node.getAsInt(), 0);
        }

        Vf remove(int index) {
            Vf vf = vfs.remove(index);
            count(vf, -1);
            return vf;
        }
    }

    DestinationCapacity(HostView host, double memoryOvercommit, double vcpuOvercommit) {
        this.host = host;
        this.memoryLeftKiB = host.freeMemoryKiB() + (long) ((memoryOvercommit - 1) * host.totalMemoryKiB());
        this.vcpusLeft = (long) Math.floor(host.cpus() * vcpuOvercommit) - host.vcpusInUse();
        host.freeVfs().forEach((network, vfs) -> freeVfs.put(network, new VfStock(vfs)));
    }

    String name() { return host.name(); }

    /** The NUMA node this destination must give the VM's VFs on, if any (the single migration's rule). */
    OptionalInt node(VmView vm) {
        return NumaLocality.vmNode(vm.numatuneNode(), vm.vcpusPinned(), vm.pinnedCpus(), host.numaCpus());
    }

    boolean hasNetwork(String network) { return freeVfs.containsKey(network); }

    /** Free VFs of the network on the node (any node when empty); 0 when the host lacks the network. */
    int free(String network, OptionalInt node) {
        VfStock stock = freeVfs.get(network);
        return stock == null ? 0 : stock.free(node);
    }

    /** Why the VM does not fit here, or empty when it does; {@code needs} counts VFs per network. */
    Optional<String> misfit(VmView vm, Map<String, Integer> needs, boolean offline) {
        for (var need : needs.entrySet()) {
            if (!hasNetwork(need.getKey())) return Optional.of("have no network " + need.getKey());
        }
        OptionalInt node = node(vm);
        for (var need : needs.entrySet()) {
            if (free(need.getKey(), node) < need.getValue()) {
                return Optional.of("have too few free VFs of " + need.getKey() + (node.isPresent() ? " on the VM's NUMA node" : "")
                        + " (needs " + need.getValue() + ")");
            }
        }
        if (offline) return Optional.empty();
        if (memoryLeftKiB < vm.memoryKiB()) return Optional.of("have too little memory left (needs " + vm.memoryKiB() / 1024 + " MiB)");
        if (vcpusLeft < vm.vcpus()) return Optional.of("have too few vCPUs left (needs " + vm.vcpus() + ")");
        return Optional.empty();
    }

    /**
     * -1 when the VM does not fit here (see {@link #misfit} for why), else the free VFs of the networks
     * it needs (on its node): higher is better. Builds no text, since it is asked for every VM and host.
     */
    int score(VmView vm, Map<String, Integer> needs, boolean offline) {
        OptionalInt node = needs.isEmpty() ? OptionalInt.empty() : node(vm);
        int score = 0;
        for (var need : needs.entrySet()) {
            VfStock stock = freeVfs.get(need.getKey());
            if (stock == null) return -1;
            int free = stock.free(node);
            if (free < need.getValue()) return -1;
            score += free;
        }
        if (offline) return score;
        if (memoryLeftKiB < vm.memoryKiB() || vcpusLeft < vm.vcpus()) return -1;
        return score;
    }

    /** Promises the first fitting free VF of the network to the VM; it is gone for the next one. */
    Vf take(String network, OptionalInt node) {
        VfStock stock = freeVfs.get(network);
        for (int i = 0; i < stock.vfs.size(); i++) {
            if (NumaLocality.fits(stock.vfs.get(i), node)) return stock.remove(i);
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
                VfStock stock = freeVfs.get(vf.network());
                if (stock == null) return;
                for (int i = 0; i < stock.vfs.size(); i++) {
                    if (stock.vfs.get(i).id().equals(vf.id())) {
                        stock.remove(i);
                        return;
                    }
                }
            });
        }
    }

    void promise(VmView vm) {
        memoryLeftKiB -= vm.memoryKiB();
        vcpusLeft -= vm.vcpus();
    }
}
