package io.vfmigrate.planning;

import io.vfmigrate.model.Vf;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** Which NUMA node a VM must get its VFs on, and whether a VF is there: shared by the single migration and fleet placement. */
final class NumaLocality {
    private NumaLocality() {}

    /**
     * The node the VM's numatune names, else the destination node whose CPUs hold all its pinned vCPUs;
     * empty when the vCPUs are not pinned or span several nodes (locality is then not enforced).
     */
    static OptionalInt vmNode(OptionalInt numatuneNode, boolean vcpusPinned, Set<Integer> pinnedCpus, Map<Integer, Set<Integer>> cells) {
        if (numatuneNode.isPresent()) return numatuneNode;
        if (!vcpusPinned) return OptionalInt.empty();
        int best = Integer.MAX_VALUE;
        for (Map.Entry<Integer, Set<Integer>> cell : cells.entrySet()) {
            if (cell.getKey() < best && cell.getValue().containsAll(pinnedCpus)) best = cell.getKey();
        }
        return best == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** A VF of unknown node fits any VM; a VM without a node takes any VF. */
    static boolean fits(Vf vf, OptionalInt node) {
        return node.isEmpty() || vf.numaNode().isEmpty() || vf.numaNode().getAsInt() == node.getAsInt();
    }
}
