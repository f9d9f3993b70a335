package io.vfmigrate.ports;

import java.util.Map;
import java.util.Set;

/** Free and total memory (total 0 when unknown) and, per NUMA node, its CPUs. */
public record HostResources(long freeMemoryKiB, long totalMemoryKiB, Map<Integer, Set<Integer>> numaCpus) {
    public HostResources(long freeMemoryKiB, Map<Integer, Set<Integer>> numaCpus) {
        this(freeMemoryKiB, 0, numaCpus);
    }

    /** Host CPUs, counted over the NUMA nodes. */
    public int cpus() { return numaCpus.values().stream().mapToInt(Set::size).sum(); }
}
