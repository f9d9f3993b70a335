package io.vfmigrate.planning;

import io.vfmigrate.model.Vf;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One inventory host as the fleet snapshot saw it. An unreachable host is a row too: {@code unreachable}
 * says why, and its lists are empty.
 */
public record HostView(String name, Optional<String> unreachable, boolean disabled, long freeMemoryKiB, long totalMemoryKiB,
                       Map<Integer, Set<Integer>> numaCpus, Map<String, List<Vf>> freeVfs, List<VmView> vms) {
    public HostView {
        numaCpus = Map.copyOf(numaCpus);
        freeVfs = Map.copyOf(freeVfs);
        vms = List.copyOf(vms);
    }

    public static HostView unreachable(String name, String reason, boolean disabled) {
        return new HostView(name, Optional.of(reason), disabled, 0, 0, Map.of(), Map.of(), List.of());
    }

    public boolean reachable() { return unreachable.isEmpty(); }

    public int cpus() { return numaCpus.values().stream().mapToInt(Set::size).sum(); }

    /** vCPUs of the domains that run (or are paused) here. */
    public int vcpusInUse() { return vms.stream().filter(VmView::active).mapToInt(VmView::vcpus).sum(); }

    public long runningVms() { return vms.stream().filter(VmView::active).count(); }

    public Optional<VmView> vm(String vm) { return vms.stream().filter(v -> v.name().equals(vm)).findFirst(); }
}
