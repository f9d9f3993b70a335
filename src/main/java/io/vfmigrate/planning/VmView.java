package io.vfmigrate.planning;

import io.vfmigrate.ports.DomainListing;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A domain as the fleet snapshot saw it: state, size, NUMA pinning (numatune node, pinned host CPUs),
 * its VFs and its readiness for a move.
 */
public record VmView(String name, DomainListing.State state, boolean persistent, long memoryKiB, int vcpus,
                     OptionalInt numatuneNode, Set<Integer> pinnedCpus, List<VmVf> vfs, Readiness readiness) {
    public VmView {
        pinnedCpus = Set.copyOf(pinnedCpus);
        vfs = List.copyOf(vfs);
    }

    /** One VF of the VM: its network, the VF's id on the host, and the MAC the guest sees. */
    public record VmVf(String network, String vfId, String address, String mac) {}

    public boolean vcpusPinned() { return !pinnedCpus.isEmpty(); }

    /** Uses host memory and CPUs now (running or paused). */
    public boolean active() { return state == DomainListing.State.RUNNING || state == DomainListing.State.PAUSED; }
}
