package io.vfmigrate.planning;

import io.vfmigrate.ports.DomainListing;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A domain as the fleet snapshot saw it: state, size, NUMA pinning (numatune node, pinned host CPUs),
 * its VFs, its readiness for a move, and its domain UUID (a VM redefined under the same name has another).
 */
public record VmView(String name, DomainListing.State state, boolean persistent, long memoryKiB, int vcpus,
                     OptionalInt numatuneNode, Set<Integer> pinnedCpus, List<VmVf> vfs, Readiness readiness, String uuid) {
    public VmView {
        pinnedCpus = Set.copyOf(pinnedCpus);
        vfs = List.copyOf(vfs);
    }

    /** A domain whose UUID was not read ("": a snapshot made for placement alone). */
    public VmView(String name, DomainListing.State state, boolean persistent, long memoryKiB, int vcpus, OptionalInt numatuneNode,
                  Set<Integer> pinnedCpus, List<VmVf> vfs, Readiness readiness) {
        this(name, state, persistent, memoryKiB, vcpus, numatuneNode, pinnedCpus, vfs, readiness, "");
    }

    /** One VF of the VM: its network, the VF's id on the host, and the MAC the guest sees. */
    public record VmVf(String network, String vfId, String address, String mac) {}

    public boolean vcpusPinned() { return !pinnedCpus.isEmpty(); }

    /** Uses host memory and CPUs now (running or paused). */
    public boolean active() { return state == DomainListing.State.RUNNING || state == DomainListing.State.PAUSED; }
}
