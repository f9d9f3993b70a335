package io.vfmigrate.ports;

import java.util.Map;
import java.util.Set;

/** Free memory and, per NUMA node, its CPUs. */
public record HostResources(long freeMemoryKiB, Map<Integer, Set<Integer>> numaCpus) {}
