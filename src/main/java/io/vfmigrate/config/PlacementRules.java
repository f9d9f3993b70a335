package io.vfmigrate.config;

import java.util.List;
import java.util.Set;

/**
 * The inventory's placement rules: anti-affinity groups (VMs of one group never share a host) and
 * overcommit ratios (memory default 1.0, vCPUs per host CPU default 16.0).
 */
public record PlacementRules(List<Set<String>> antiAffinity, double memoryOvercommit, double vcpuOvercommit) {
    public static final double DEFAULT_MEMORY_OVERCOMMIT = 1.0;
    public static final double DEFAULT_VCPU_OVERCOMMIT = 16.0;
    public static final PlacementRules DEFAULT = new PlacementRules(List.of(), DEFAULT_MEMORY_OVERCOMMIT, DEFAULT_VCPU_OVERCOMMIT);

    public PlacementRules {
        antiAffinity = antiAffinity.stream().map(Set::copyOf).toList();
    }
}
