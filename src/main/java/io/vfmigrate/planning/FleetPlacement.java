package io.vfmigrate.planning;

import io.vfmigrate.model.Vf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Places the VMs of an evacuation, all at once and without I/O (a pure function of the snapshot and the
 * request). Policy, deterministic:
 * <ul>
 * <li>VMs in order: most VFs first, then most memory, then name;</li>
 * <li>a destination is reachable, not disabled, not excluded, not the source, in {@code --to} when
 *     given; it holds no VM of the VM's anti-affinity groups (where they run or were placed); it has a
 *     free VF of each network per VF (on the VM's NUMA node when its vCPUs are pinned), enough memory
 *     and vCPUs left (offline moves need only the VFs: nothing runs);</li>
 * <li>among those: most free VFs of the VM's networks first, then most memory left, then name;</li>
 * <li>what is promised (VFs, memory, vCPUs) is gone for the next VM.</li>
 * </ul>
 */
public final class FleetPlacement {
    private FleetPlacement() {}

    public static PlacementResult place(FleetSnapshot snapshot, EvacuationRequest request) {
        return place(snapshot, request, List.of());
    }

    /**
     * Places again what {@code kept} does not hold (e.g. after a destination's breaker opened: pass it in
     * {@code request.excludedHosts()} and the placements already started as {@code kept}).
     */
    public static PlacementResult place(FleetSnapshot snapshot, EvacuationRequest request, List<Placement> kept) {
        return placeHosts(snapshot, request, List.of(request.source()), kept);
    }

    /**
     * Evacuates several hosts at once under the same constraints: none of them is a destination, and each
     * host's VMs are placed (hosts in the order given) counting what the earlier ones were promised.
     */
    public static PlacementResult placeHosts(FleetSnapshot snapshot, EvacuationRequest request, List<String> sources, List<Placement> kept) {
        EvacuationRequest all = request.excluding(Set.copyOf(sources));
        Map<String, DestinationCapacity> capacity = new LinkedHashMap<>();
        Map<String, String> excluded = new TreeMap<>();
        for (HostView h : snapshot.hosts()) {
            Optional<String> why = h.unreachable().map(u -> "unreachable").or(() -> h.disabled() ? Optional.of("disabled") : Optional.empty())
                    .or(() -> sources.contains(h.name()) ? Optional.of("being evacuated") : all.refusal(h.name()));
            if (why.isPresent()) excluded.put(h.name(), why.get());
            else capacity.put(h.name(), new DestinationCapacity(h, request.memoryOvercommit(), request.vcpuOvercommit()));
        }
        Map<String, String> location = locations(snapshot);
        Set<String> keptVms = new HashSet<>();
        for (Placement p : kept) {
            keptVms.add(p.vm());
            location.put(p.vm(), p.destination());
            DestinationCapacity c = capacity.get(p.destination());
            if (c != null) c.keep(p);
        }
        List<Placement> placed = new ArrayList<>();
        List<Unplaceable> unplaceable = new ArrayList<>();
        for (String name : sources) {
            HostView source = snapshot.host(name).orElseThrow(() -> new IllegalArgumentException("host " + name + " is not in the snapshot"));
            placeSource(source, request, keptVms, capacity, excluded, location, placed, unplaceable);
        }
        return new PlacementResult(placed, unplaceable);
    }

    private static void placeSource(HostView source, EvacuationRequest request, Set<String> keptVms, Map<String, DestinationCapacity> capacity,
                                    Map<String, String> excluded, Map<String, String> location, List<Placement> placed, List<Unplaceable> unplaceable) {
        for (VmView vm : toMove(source, request, keptVms, unplaceable)) {
            MoveKind kind = MoveKind.of(vm, request);
            if (kind.refusal().isPresent()) {
                unplaceable.add(new Unplaceable(vm.name(), kind.refusal().get()));
                continue;
            }
            Map<String, Integer> needs = needs(vm);
            Set<String> forbidden = antiAffine(vm.name(), request.antiAffinity(), location);
            DestinationCapacity best = null;
            int bestScore = -1;
            for (DestinationCapacity c : capacity.values()) {
                if (!forbidden.isEmpty() && forbidden.contains(c.name())) continue;
                int score = c.score(vm, needs, kind.offline());
                if (score < 0) continue;
                if (best == null || better(c, score, best, bestScore)) {
                    best = c;
                    bestScore = score;
                }
            }
            if (best == null) {
                unplaceable.add(new Unplaceable(vm.name(), why(vm, needs, kind.offline(), forbidden, capacity.values(), excluded)));
                continue;
            }
            placed.add(promise(vm, source.name(), best, kind));
            location.put(vm.name(), best.name());
        }
    }

    private static boolean better(DestinationCapacity c, int score, DestinationCapacity best, int bestScore) {
        if (score != bestScore) return score > bestScore;
        if (c.memoryLeftKiB != best.memoryLeftKiB) return c.memoryLeftKiB > best.memoryLeftKiB;
        return c.name().compareTo(best.name()) < 0;
    }

    private static List<VmView> toMove(HostView source, EvacuationRequest request, Set<String> kept, List<Unplaceable> unplaceable) {
        for (String asked : new java.util.TreeSet<>(request.vms())) {
            if (source.vm(asked).isEmpty()) unplaceable.add(new Unplaceable(asked, "not on " + source.name()));
        }
        return source.vms().stream()
                .filter(v -> request.vms().isEmpty() || request.vms().contains(v.name()))
                .filter(v -> !kept.contains(v.name()))
                .sorted(Comparator.comparingInt((VmView v) -> -v.vfs().size())
                        .thenComparing(Comparator.comparingLong(VmView::memoryKiB).reversed())
                        .thenComparing(VmView::name))
                .toList();
    }

    private static Map<String, String> locations(FleetSnapshot snapshot) {
        Map<String, String> where = new HashMap<>();
        for (HostView h : snapshot.hosts()) for (VmView v : h.vms()) where.put(v.name(), h.name());
        return where;
    }

    /** VFs needed per network, in the order of the VM's VFs. */
    private static Map<String, Integer> needs(VmView vm) {
        Map<String, Integer> needs = new LinkedHashMap<>();
        for (VmView.VmVf vf : vm.vfs()) needs.merge(vf.network(), 1, Integer::sum);
        return needs;
    }

    /** Hosts where another VM of one of the VM's anti-affinity groups runs or is placed. */
    private static Set<String> antiAffine(String vm, List<Set<String>> groups, Map<String, String> location) {
        Set<String> hosts = new HashSet<>();
        for (Set<String> group : groups) {
            if (!group.contains(vm)) continue;
            for (String other : group) {
                if (!other.equals(vm) && location.containsKey(other)) hosts.add(location.get(other));
            }
        }
        return hosts;
    }

    private static Placement promise(VmView vm, String source, DestinationCapacity to, MoveKind kind) {
        List<Placement.VfMove> moves = new ArrayList<>();
        OptionalInt node = to.node(vm);
        for (VmView.VmVf vf : vm.vfs()) {
            Optional<Vf> chosen = Optional.of(to.take(vf.network(), node)); // an offline move's definition names a destination VF too
            moves.add(new Placement.VfMove(vf.network(), vf.vfId(), vf.mac(), chosen));
        }
        if (!kind.offline()) to.promise(vm);
        return new Placement(vm.name(), source, to.name(), kind.workflow().orElseThrow(), moves, kind.offline(), kind.note(),
                vm.memoryKiB(), vm.vcpus());
    }

    /** "no destination: 3 hosts have too little memory left (needs 4096 MiB); 1 host disabled; ...". */
    private static String why(VmView vm, Map<String, Integer> needs, boolean offline, Set<String> forbidden,
                              Iterable<DestinationCapacity> candidates, Map<String, String> excluded) {
        Map<String, Integer> counts = new TreeMap<>();
        for (DestinationCapacity c : candidates) {
            String reason = forbidden.contains(c.name()) ? "hold a VM of its anti-affinity group"
                    : c.misfit(vm, needs, offline).orElse("fit");
            counts.merge(reason, 1, Integer::sum);
        }
        excluded.values().forEach(reason -> counts.merge("are " + reason, 1, Integer::sum));
        counts.computeIfPresent("are being evacuated", (k, n) -> n > 1 ? n - 1 : null); // not the VM's own host
        if (counts.isEmpty()) return "no destination: the inventory has no other host";
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, n) -> parts.add(n + (n == 1 ? " host " : " hosts ") + (n == 1 ? singular(reason) : reason)));
        return "no destination: " + String.join("; ", parts);
    }

    private static String singular(String reason) {
        return reason.replaceFirst("^have ", "has ").replaceFirst("^hold ", "holds ").replaceFirst("^are ", "is ");
    }
}
