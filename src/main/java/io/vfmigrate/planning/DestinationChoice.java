package io.vfmigrate.planning;

import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.VfPool;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.VfFacts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    DestinationChoice(Host destination, VmTopology topology, Predicate<Vf> available) {
        this.destination = destination;
        this.topology = topology;
        this.available = available;
    }

    void run(Preflight pf, Facts facts) {
        Set<String> chosen = new HashSet<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < topology.vfs().size(); i++) {
            VmTopology.Member m = topology.vfs().get(i);
            String network = m.vf().vf().network();
            String name = "free-vf:" + network + "#" + i;
            VfPool pool = destination.vfPools().get(network);
            if (pool == null) {
                pf.add(Check.failed(name, destination.name() + " has no network " + network + " in the inventory"));
                return;
            }
            OptionalInt node = topology.domain().vcpusPinned() ? topology.domain().numaNode() : OptionalInt.empty();
            Optional<Vf> vf;
            try {
                vf = freeVf(pool, chosen, node);
            } catch (io.vfmigrate.model.FailureException e) {
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
            pf.add(node.isPresent() || !topology.domain().vcpusPinned() && vf.get().numaNode().isEmpty()
                    ? Check.ok(name, vf.get() + " for " + m.vf().mac())
                    : warn(warnings, name, vf.get() + " for " + m.vf().mac() + "; the VM's vCPUs are not pinned, so NUMA locality is not enforced"));
        }
    }

    private Optional<Vf> freeVf(VfPool pool, Set<String> chosen, OptionalInt node) {
        return pool.free().stream()
                .filter(v -> !chosen.contains(v.id()))
                .filter(v -> node.isEmpty() || v.numaNode().isEmpty() || v.numaNode().getAsInt() == node.getAsInt())
                .filter(available).findFirst();
    }

    private static Check warn(List<String> warnings, String name, String detail) {
        warnings.add(detail);
        return Check.warning(name, detail);
    }
}
