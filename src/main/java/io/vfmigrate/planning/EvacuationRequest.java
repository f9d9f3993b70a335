package io.vfmigrate.planning;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to place: the VMs of {@code source} (all of them when {@code vms} is empty), where they may go
 * ({@code allowedDestinations}, all inventory hosts when empty), hosts to leave out besides the disabled
 * ones (e.g. a destination whose breaker opened), the inventory's rules, and the workflows to use.
 */
public record EvacuationRequest(String source, Set<String> vms, Set<String> allowedDestinations, Set<String> excludedHosts,
                                List<Set<String>> antiAffinity, double memoryOvercommit, double vcpuOvercommit,
                                boolean allowOutage, String bondWorkflow) {
    public static final String PLAIN_WORKFLOW = "plain";
    public static final String OUTAGE_WORKFLOW = "naive";
    /** For a shut-off persistent VM: its definition moves (libvirt's offline migration). */
    public static final String OFFLINE_WORKFLOW = "offline";

    public EvacuationRequest {
        vms = Set.copyOf(vms);
        allowedDestinations = Set.copyOf(allowedDestinations);
        excludedHosts = Set.copyOf(excludedHosts);
        antiAffinity = antiAffinity.stream().map(Set::copyOf).toList();
        if (!(memoryOvercommit > 0) || !(vcpuOvercommit > 0)) {
            throw new IllegalArgumentException("overcommit ratios must be positive: memory " + memoryOvercommit + ", vcpus " + vcpuOvercommit);
        }
    }

    /** The same request for these VMs only. */
    public EvacuationRequest only(Set<String> these) {
        return new EvacuationRequest(source, these, allowedDestinations, excludedHosts, antiAffinity, memoryOvercommit, vcpuOvercommit,
                allowOutage, bondWorkflow);
    }

    /** The same request for the VMs of another host (a move back into one host takes VMs from several). */
    public EvacuationRequest from(String host) {
        return new EvacuationRequest(host, vms, allowedDestinations, excludedHosts, antiAffinity, memoryOvercommit, vcpuOvercommit,
                allowOutage, bondWorkflow);
    }

    /** The same request with more hosts left out. */
    public EvacuationRequest excluding(Set<String> more) {
        Set<String> all = new java.util.HashSet<>(excludedHosts);
        all.addAll(more);
        return new EvacuationRequest(source, vms, allowedDestinations, all, antiAffinity, memoryOvercommit, vcpuOvercommit,
                allowOutage, bondWorkflow);
    }

    Optional<String> refusal(String host) {
        if (host.equals(source)) return Optional.of("the host being evacuated");
        if (excludedHosts.contains(host)) return Optional.of("left out");
        if (!allowedDestinations.isEmpty() && !allowedDestinations.contains(host)) return Optional.of("not in --to");
        return Optional.empty();
    }
}
