package io.vfmigrate.planning;

import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.VfPool;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.VfFacts;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Chooses, per VF, a free VF of the same network on the destination: on the VM's NUMA node when its
 * vCPUs are pinned (a warning when they are not, since locality is then not enforced).
 */
final class DestinationChoice {
    private final Host destination;
    private final VmTopology topology;
    private final Predicate<Vf> available;
    private final java.util.Map<String, String> planned;

    /** {@code planned}: the destination VF an evacuation plan promised, by source VF id; taken when still free. */
    DestinationChoice(Host destination, VmTopology topology, Predicate<Vf> available, java.util.Map<String, String> planned) {
        this.destination = destination;
        this.topology = topology;
        this.available = available;
        this.planned = planned;
    }

    void run(Preflight pf, Facts facts) {
        OptionalInt vmNode;
        try {
            vmNode = vmNumaNode();
        } catch (FailureException e) {
            pf.add(Check.failed("free-vf", "cannot read the NUMA topology of " + destination.name() + ": " + e.failure().message()));
            return;
        }
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < topology.vfs().size(); i++) {
            VmTopology.Member m = topology.vfs().get(i);
            String network = m.vf().vf().network();
            String name = "free-vf:" + network + "#" + i;
            VfPool pool = destination.vfPools().get(network);
            if (pool == null) {
                pf.add(Check.failed(name, destination.name() + " has no network " + network + " in the inventory"));
                return;
            }
            OptionalInt node = vmNode;
            Optional<String> promised = Optional.ofNullable(planned.get(m.vf().vf().id()));
            Optional<Vf> vf;
            try {
                vf = promised.flatMap(id -> plannedVf(pool, id, chosen, node)).or(() -> freeVf(pool, chosen, node));
            } catch (FailureException e) {
                pf.add(Check.failed(name, "cannot list the free VFs of " + network + " on " + destination.name() + ": " + e.failure().message()));
                return;
            }
            if (vf.isEmpty()) {
                pf.add(Check.failed(name, "no free VF of network " + network + " on " + destination.name()
                        + (node.isPresent() ? " on NUMA node " + node.getAsInt() + " (the VM's vCPUs are pinned)" : "")));
                return;
            }
            chosen.add(vf.get().id());
            VfFacts.at(facts, i).destinationVf(vf.get());
            String what = vf.get() + " for " + m.vf().mac();
            if (promised.isPresent() && !promised.get().equals(vf.get().id())) {
                facts.put("vf." + i + ".dest.planned", promised.get());
                pf.add(Check.warning(name, what + "; " + plannedTaken(promised.get())));
                continue;
            }
            if (promised.isPresent()) what += ", as planned";
            if (node.isPresent()) pf.add(Check.ok(name, what + ", on the VM's NUMA node " + node.getAsInt()));
            else if (topology.domain().vcpusPinned()) pf.add(Check.warning(name, what + "; the VM's pinned CPUs span several NUMA nodes of " + destination.name()));
            else if (vf.get().numaNode().isPresent()) pf.add(Check.warning(name, what + "; the VM's vCPUs are not pinned, so its NUMA node is not known and not matched"));
            else pf.add(Check.ok(name, what));
        }
    }

    /** The note of a run whose planned destination VF was taken meanwhile (by another run or a VM started there). */
    static String plannedTaken(String id) {
        return "the plan's VF " + id + " was taken meanwhile: chose this one instead";
    }

    private Optional<Vf> plannedVf(VfPool pool, String id, Set<String> chosen, OptionalInt node) {
        return pool.free().stream()
                .filter(v -> v.id().equals(id) && !chosen.contains(id))
                .filter(v -> NumaLocality.fits(v, node))
                .filter(available).findFirst();
    }

    private Optional<Vf> freeVf(VfPool pool, Set<String> chosen, OptionalInt node) {
        return pool.free().stream()
                .filter(v -> !chosen.contains(v.id()))
                .filter(v -> NumaLocality.fits(v, node))
                .filter(available).findFirst();
    }

    /** The NUMA node the VM's pinned vCPUs (or its numatune) put it on, on the destination. */
    private OptionalInt vmNumaNode() {
        var d = topology.domain();
        if (d.numaNode().isPresent() || !d.vcpusPinned()) return NumaLocality.vmNode(d.numaNode(), d.vcpusPinned(), d.pinnedCpus(), java.util.Map.of());
        return NumaLocality.vmNode(d.numaNode(), true, d.pinnedCpus(), destination.hypervisor().resources().numaCpus());
    }
}
