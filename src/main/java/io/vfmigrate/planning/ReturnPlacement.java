package io.vfmigrate.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Places VMs back into one host (the end of a maintenance), each from the host it is on now and with the workflow
 * it left with, under the same checks as an evacuation's placement (free VFs of its networks, memory, vCPUs, its
 * anti-affinity groups), counting what the VMs placed before it were promised. The host counts as enabled (it is
 * enabled before the VMs move back). Pure: no I/O.
 */
public final class ReturnPlacement {
    private ReturnPlacement() {}

    /** A VM to move back: where it is now and the workflow it left with. */
    public record Returning(String vm, String from, String workflow) {}

    /**
     * {@code rules}: the inventory's anti-affinity groups and overcommit ratios, and the bond workflow for a VM that left
     * without one but needs one now (it was shut off then). VMs in order: most VFs first, then most memory, then name.
     */
    public static PlacementResult place(FleetSnapshot snapshot, String host, List<Returning> vms, EvacuationRequest rules) {
        HostView into = snapshot.host(host).map(ReturnPlacement::enabled)
                .orElseThrow(() -> new IllegalArgumentException("host " + host + " is not in the snapshot"));
        List<Placement> placed = new ArrayList<>();
        List<Unplaceable> unplaceable = new ArrayList<>();
        for (Returning r : ordered(snapshot, vms)) {
            Optional<HostView> from = snapshot.host(r.from());
            if (from.isEmpty() || from.get().vm(r.vm()).isEmpty()) {
                unplaceable.add(new Unplaceable(r.vm(), "not on " + r.from()));
                continue;
            }
            PlacementResult one = FleetPlacement.place(new FleetSnapshot(List.of(into, from.get())), request(r, host, rules), placed);
            placed.addAll(one.placements());
            one.unplaceable().forEach(u -> unplaceable.add(new Unplaceable(u.vm(), why(host, u.reason()))));
        }
        return new PlacementResult(placed, unplaceable);
    }

    private static EvacuationRequest request(Returning r, String host, EvacuationRequest rules) {
        boolean bond = !Set.of(EvacuationRequest.PLAIN_WORKFLOW, EvacuationRequest.OUTAGE_WORKFLOW, EvacuationRequest.OFFLINE_WORKFLOW)
                .contains(r.workflow());
        return new EvacuationRequest(r.from(), Set.of(r.vm()), Set.of(host), Set.of(), rules.antiAffinity(), rules.memoryOvercommit(),
                rules.vcpuOvercommit(), r.workflow().equals(EvacuationRequest.OUTAGE_WORKFLOW), bond ? r.workflow() : rules.bondWorkflow());
    }

    private static List<Returning> ordered(FleetSnapshot snapshot, List<Returning> vms) {
        Comparator<Returning> byVfs = Comparator.comparingInt(r -> -view(snapshot, r).map(v -> v.vfs().size()).orElse(0));
        Comparator<Returning> byMemory = Comparator.comparingLong(r -> -view(snapshot, r).map(VmView::memoryKiB).orElse(0L));
        return vms.stream().sorted(byVfs.thenComparing(byMemory).thenComparing(Returning::vm)).toList();
    }

    private static Optional<VmView> view(FleetSnapshot snapshot, Returning r) { return snapshot.host(r.from()).flatMap(h -> h.vm(r.vm())); }

    /** {@code snapshot} with {@code host} enabled (a VM whose move back failed is placed again in it, counted as enabled). */
    public static FleetSnapshot enabled(FleetSnapshot snapshot, String host) {
        return new FleetSnapshot(snapshot.hosts().stream().map(h -> h.name().equals(host) ? enabled(h) : h).toList());
    }

    private static HostView enabled(HostView h) {
        return new HostView(h.name(), h.unreachable(), false, h.freeMemoryKiB(), h.totalMemoryKiB(), h.numaCpus(), h.freeVfs(), h.vms());
    }

    /** "no destination: 1 host has too few free VFs of physnet0 (needs 1)" -> "host-a has too few free VFs of physnet0 (needs 1)". */
    private static String why(String host, String reason) {
        String prefix = "no destination: 1 host ";
        return reason.startsWith(prefix) ? host + " " + reason.substring(prefix.length()) : reason;
    }
}
