package io.vfmigrate.planning;

import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.DomainListing;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Placement at fleet scale (a command, not a test: it measures, it does not assert): 1,000 hosts of 20 VMs,
 * two networks with one PF of 16 VFs per NUMA node each, and the evacuation of 50 hosts planned at once
 * (FleetPlacement.placeHosts: the 50 disabled, none a destination, promises counted across all). Prints the time and peak heap
 * of each of RUNS rounds. Run by test-fixtures/placement-benchmark.
 */
public final class PlacementBenchmark {
    static final int HOSTS = 1000, VMS_PER_HOST = 20, EVACUATED = 50, VFS_PER_PF = 16;
    static final long GIB = 1024L * 1024;

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long t0 = System.nanoTime();
        FleetSnapshot fleet = fleet();
        System.out.printf("snapshot: %d hosts, %d VMs, built in %d ms (not counted below)%n", HOSTS, HOSTS * VMS_PER_HOST, (System.nanoTime() - t0) / 1_000_000);
        for (int run = 1; run <= runs; run++) {
            System.gc();
            long baseline = heapUsed();
            resetPeaks();
            long start = System.nanoTime();
            int[] counts = planAll(fleet);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("run %d: %d VMs placed, %d unplaceable, in %d ms; heap peak %d MiB (%d MiB before planning, snapshot included)%n",
                    run, counts[0], counts[1], ms, peakHeap() / (1024 * 1024), baseline / (1024 * 1024));
        }
        System.out.printf("max heap %d MiB (java -Xmx)%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** The 50 evacuations, each placed counting the promises of the ones before. */
    static int[] planAll(FleetSnapshot fleet) {
        List<String> sources = new ArrayList<>();
        for (int h = 0; h < EVACUATED; h++) sources.add(name(h));
        EvacuationRequest request = new EvacuationRequest(name(0), Set.of(), Set.of(), Set.of(), List.of(), 1.0, 16.0, false, "bond-macvtap");
        PlacementResult r = FleetPlacement.placeHosts(fleet, request, sources, List.of());
        Waves.assign(r.placements(), 2, 2);
        return new int[] {r.placements().size(), r.unplaceable().size()};
    }

    static FleetSnapshot fleet() {
        List<HostView> hosts = new ArrayList<>();
        Map<Integer, Set<Integer>> cells = Map.of(0, range(0, 32), 1, range(32, 64));
        for (int h = 0; h < HOSTS; h++) {
            String host = name(h);
            List<VmView> vms = new ArrayList<>();
            Map<String, Set<Integer>> used = new LinkedHashMap<>(Map.of("net0", new HashSet<>(), "net1", new HashSet<>()));
            long usedMemory = 0;
            for (int v = 0; v < VMS_PER_HOST; v++) {
                VmView vm = vm(host, v, used);
                usedMemory += vm.memoryKiB();
                vms.add(vm);
            }
            Map<String, List<Vf>> free = new LinkedHashMap<>();
            for (String network : List.of("net0", "net1")) {
                List<Vf> list = new ArrayList<>();
                for (int i = 0; i < 2 * VFS_PER_PF; i++) {
                    if (used.get(network).contains(i)) continue;
                    list.add(new Vf(host, network, network + "pf" + i / VFS_PER_PF + "/vf" + i % VFS_PER_PF,
                            String.format("0000:%02x:%02x.%x", i / VFS_PER_PF == 0 ? 0x17 : 0x81, 2 + i % VFS_PER_PF / 8, i % 8),
                            OptionalInt.of(i / VFS_PER_PF)));
                }
                free.put(network, list);
            }
            hosts.add(new HostView(host, java.util.Optional.empty(), h < EVACUATED, 512 * GIB - usedMemory, 512 * GIB, cells, free, vms));
        }
        return new FleetSnapshot(hosts);
    }

    /** VMs of 2 to 16 GiB: half with a VF of each network, a quarter with two of net0, a quarter without VF; one in four pinned. */
    private static VmView vm(String host, int v, Map<String, Set<Integer>> used) {
        List<VmView.VmVf> vfs = new ArrayList<>();
        String[] networks = v % 4 < 2 ? new String[] {"net0", "net1"} : v % 4 == 2 ? new String[] {"net0", "net0"} : new String[0];
        int node = v % 2;
        for (String network : networks) {
            int slot = node * VFS_PER_PF + (int) used.get(network).stream().filter(s -> s / VFS_PER_PF == node).count();
            used.get(network).add(slot);
            vfs.add(new VmView.VmVf(network, network + "/" + slot, "0000:00:00.0", String.format("52:54:00:%02x:%02x:%02x", v, slot, vfs.size())));
        }
        Set<Integer> pinned = v % 4 == 1 ? range(node * 32 + (v % 8) * 4, node * 32 + (v % 8) * 4 + 4) : Set.of();
        Readiness readiness = networks.length == 0 ? Readiness.plain() : Readiness.bond();
        return new VmView(host + "-vm" + v, DomainListing.State.RUNNING, true, (2L << (v % 4)) * GIB, 2 + v % 4,
                OptionalInt.empty(), pinned, vfs, readiness);
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> s = new HashSet<>();
        for (int i = from; i < to; i++) s.add(i);
        return s;
    }

    static String name(int h) { return String.format("host-%04d", h); }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static void resetPeaks() { heapPools().forEach(MemoryPoolMXBean::resetPeakUsage); }

    /** The sum of the heap pools' peaks: an upper bound of the heap in use at any one moment. */
    private static long peakHeap() { return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum(); }

    private static long heapUsed() { return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum(); }
}
