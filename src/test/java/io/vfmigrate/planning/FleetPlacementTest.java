package io.vfmigrate.planning;

import static io.vfmigrate.planning.Fleet.bonded;
import static io.vfmigrate.planning.Fleet.evacuate;
import static io.vfmigrate.planning.Fleet.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.Vf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetPlacementTest {
    static EvacuationRequest request(String source, List<Set<String>> antiAffinity, double memory, double vcpus, boolean allowOutage,
                                     Set<String> to) {
        return new EvacuationRequest(source, Set.of(), to, Set.of(), antiAffinity, memory, vcpus, allowOutage, "bond-macvtap");
    }

    static Map<String, String> destinations(PlacementResult r) {
        return r.placements().stream().collect(Collectors.toMap(Placement::vm, Placement::destination));
    }

    static Map<String, String> reasons(PlacementResult r) {
        return r.unplaceable().stream().collect(Collectors.toMap(Unplaceable::vm, Unplaceable::reason));
    }

    @Test
    void aVmWithPinnedVcpusGetsAVfOnItsNumaNodeEvenWhereFewerVfsAreFree() {
        Fleet f = new Fleet();
        f.host("a").vfs("net0", 2, 1).vm(vm("pinned", 1, 2, Set.of(2, 3), Readiness.bond(), "net0")).vm(bonded("loose", "net0"));
        f.host("b").vfs("net0", 4, 0);
        f.host("c").vfs("net0", 1, 1);
        PlacementResult r = FleetPlacement.place(f.snapshot(), evacuate("a"));
        assertEquals(Map.of("pinned", "c", "loose", "b"), destinations(r));
        Vf chosen = r.placements().stream().filter(p -> p.vm().equals("pinned")).findFirst().orElseThrow().vfs().get(0).destinationVf().orElseThrow();
        assertEquals(1, chosen.numaNode().getAsInt());
        assertEquals("c", chosen.host());
    }

    @Test
    void aPinnedVmIsUnplaceableWhenNoHostHasAVfOnItsNode() {
        Fleet f = new Fleet();
        f.host("a").vm(vm("pinned", 1, 2, Set.of(0), Readiness.bond(), "net0"));
        f.host("b").vfs("net0", 4, 1);
        PlacementResult r = FleetPlacement.place(f.snapshot(), evacuate("a"));
        assertEquals("no destination: 1 host has too few free VFs of net0 on the VM's NUMA node (needs 1)", reasons(r).get("pinned"));
    }

    @Test
    void memoryIsCountedWithTheOvercommitRatioAndPromisesAcrossVms() {
        Fleet f = new Fleet();
        f.host("a").vm(vm("big", 6, 1, Set.of(), Readiness.plain())).vm(vm("big2", 6, 1, Set.of(), Readiness.plain()));
        f.host("b").memory(8, 16);
        f.host("c").memory(7, 16);
        PlacementResult r = FleetPlacement.place(f.snapshot(), evacuate("a"));
        // big goes to b (most memory); b has 2 GiB left, c 7: big2 goes to c
        assertEquals(Map.of("big", "b", "big2", "c"), destinations(r));

        f.host("c").memory(2, 16);
        PlacementResult tight = FleetPlacement.place(f.snapshot(), evacuate("a"));
        assertEquals(Map.of("big", "b"), destinations(tight));
        assertEquals("no destination: 2 hosts have too little memory left (needs 6144 MiB)", reasons(tight).get("big2"));

        // at 1.5: b has 1.5 x 16 - 8 used = 16 GiB, c 1.5 x 16 - 14 used = 10; big to b leaves it 10: a tie, won by name
        PlacementResult overcommitted = FleetPlacement.place(f.snapshot(), request("a", List.of(), 1.5, 16, false, Set.of()));
        assertEquals(Map.of("big", "b", "big2", "b"), destinations(overcommitted));
        f.host("b").memory(7, 16);
        assertEquals(Map.of("big", "b", "big2", "c"), destinations(FleetPlacement.place(f.snapshot(), request("a", List.of(), 1.5, 16, false, Set.of()))));
    }

    @Test
    void vcpusAreLimitedByHostCpusTimesTheRatio() {
        Fleet f = new Fleet();
        f.host("a").vm(vm("wide", 1, 6, Set.of(), Readiness.plain()));
        f.host("b").vm(vm("resident", 1, 3, Set.of(), Readiness.plain()));
        // 4 CPUs x 2.0 = 8, 3 in use: 5 left < 6
        PlacementResult r = FleetPlacement.place(f.snapshot(), request("a", List.of(), 1.0, 2.0, false, Set.of()));
        assertEquals("no destination: 1 host has too few vCPUs left (needs 6)", reasons(r).get("wide"));
        assertEquals(Map.of("wide", "b"), destinations(FleetPlacement.place(f.snapshot(), request("a", List.of(), 1.0, 3.0, false, Set.of()))));
    }

    @Test
    void aVfPromisedToOneVmIsGoneForTheNext() {
        Fleet f = new Fleet();
        f.host("a").vm(bonded("vm1", "net0")).vm(bonded("vm2", "net0")).vm(bonded("vm3", "net0")).vm(bonded("vm4", "net0"));
        f.host("b").vfs("net0", 1, -1);
        f.host("c").vfs("net0", 2, -1);
        PlacementResult r = FleetPlacement.place(f.snapshot(), evacuate("a"));
        assertEquals(3, r.placements().size());
        assertEquals(List.of("c", "b", "c"), r.placements().stream().map(Placement::destination).toList());
        Set<String> vfs = new HashSet<>();
        for (Placement p : r.placements()) assertTrue(vfs.add(p.destination() + "/" + p.vfs().get(0).destinationVf().orElseThrow().id()), vfs::toString);
        assertEquals(Map.of("vm4", "no destination: 2 hosts have too few free VFs of net0 (needs 1)"), reasons(r));
    }

    @Test
    void aVmWithTwoVfsOfOneNetworkNeedsTwoFreeOnesOnOneHost() {
        Fleet f = new Fleet();
        f.host("a").vm(bonded("two", "net0", "net0", "net1"));
        f.host("b").vfs("net0", 1, -1).vfs("net1", 4, -1);
        f.host("c").vfs("net0", 2, -1).vfs("net1", 1, -1);
        f.host("d").vfs("net0", 8, -1);
        PlacementResult r = FleetPlacement.place(f.snapshot(), evacuate("a"));
        assertEquals(Map.of("two", "c"), destinations(r));
        List<String> ids = r.placements().get(0).vfs().stream().map(m -> m.destinationVf().orElseThrow().id()).toList();
        assertEquals(List.of("net0/vf0", "net0/vf1", "net1/vf0"), ids);
    }

    @Test
    void vmsOfOneAntiAffinityGroupNeverShareAHost() {
        Fleet f = new Fleet();
        f.host("a").vm(bonded("db1", "net0")).vm(bonded("db2", "net0")).vm(bonded("db3", "net0"));
        f.host("b").vfs("net0", 8, -1);
        f.host("c").vfs("net0", 2, -1);
        f.host("d").vfs("net0", 2, -1).vm(vm("db4", 1, 1, Set.of(), Readiness.plain()));
        PlacementResult r = FleetPlacement.place(f.snapshot(), request("a", List.of(Set.of("db1", "db2", "db3", "db4")), 1, 16, false, Set.of()));
        assertEquals(Map.of("db1", "b", "db2", "c"), destinations(r));
        assertEquals("no destination: 3 hosts hold a VM of its anti-affinity group", reasons(r).get("db3"));
    }

    @Test
    void disabledUnreachableAndUnlistedHostsAreNeverPicked() {
        Fleet f = new Fleet();
        f.host("a").vm(bonded("vm1", "net0"));
        f.host("b").vfs("net0", 8, -1).disabled();
        f.host("c").vfs("net0", 8, -1).unreachable();
        f.host("d").vfs("net0", 8, -1);
        f.host("e").vfs("net0", 1, -1);
        assertEquals(Map.of("vm1", "d"), destinations(FleetPlacement.place(f.snapshot(), evacuate("a"))));
        PlacementResult onlyB = FleetPlacement.place(f.snapshot(), request("a", List.of(), 1, 16, false, Set.of("b", "e")));
        assertEquals(Map.of("vm1", "e"), destinations(onlyB));
        PlacementResult none = FleetPlacement.place(f.snapshot(), request("a", List.of(), 1, 16, false, Set.of("b")));
        assertEquals("no destination: 1 host is disabled; 2 hosts are not in --to; 1 host is unreachable", reasons(none).get("vm1"));
    }

    @Test
    void theWorkflowFollowsTheVmsReadinessAndOutagesNeedConsent() {
        Fleet f = new Fleet();
        f.host("a")
                .vm(bonded("bonded", "net0"))
                .vm(vm("novf", 1, 1, Set.of(), Readiness.plain()))
                .vm(vm("nobond", 1, 1, Set.of(), new Readiness(Readiness.Kind.NO_BOND, "guest interface eth1 is in no bond"), "net0"))
                .vm(vm("noagent", 1, 1, Set.of(), new Readiness(Readiness.Kind.NO_AGENT, "guest agent: not connected"), "net0"))
                .vm(vm("off", 64, 1, Set.of(), new Readiness(Readiness.Kind.SHUT_OFF, "shut off"), "net0"))
                .vm(vm("paused", 1, 1, Set.of(), new Readiness(Readiness.Kind.OTHER_STATE, "state paused is not handled")));
        f.host("b").vfs("net0", 8, -1);
        PlacementResult refused = FleetPlacement.place(f.snapshot(), evacuate("a"));
        Map<String, String> workflows = refused.placements().stream().collect(Collectors.toMap(Placement::vm, Placement::workflow));
        assertEquals(Map.of("bonded", "bond-macvtap", "novf", "plain", "off", "offline"), workflows);
        Placement off = refused.placements().stream().filter(p -> p.vm().equals("off")).findFirst().orElseThrow();
        // its moved definition names a destination VF: one is promised (its memory, 64 GiB here, is not: nothing runs)
        assertTrue(off.offline() && off.vfs().get(0).destinationVf().isPresent(), off::toString);
        Placement bonded = refused.placements().stream().filter(p -> p.vm().equals("bonded")).findFirst().orElseThrow();
        assertTrue(!bonded.vfs().get(0).destinationVf().equals(off.vfs().get(0).destinationVf()), "a VF is promised once");
        assertEquals(Set.of("nobond", "noagent", "paused"), reasons(refused).keySet());
        assertTrue(reasons(refused).get("nobond").contains("in no bond; it would lose its network (--allow-outage moves it with naive)"));
        assertEquals("state paused is not handled", reasons(refused).get("paused"));

        PlacementResult consented = FleetPlacement.place(f.snapshot(), request("a", List.of(), 1, 16, true, Set.of()));
        Placement nobond = consented.placements().stream().filter(p -> p.vm().equals("nobond")).findFirst().orElseThrow();
        assertEquals("naive", nobond.workflow());
        assertTrue(nobond.note().orElseThrow().startsWith("network outage during the move"));
        assertEquals(Set.of("paused", "noagent"), reasons(consented).keySet());
        assertTrue(reasons(consented).get("noagent").endsWith("every workflow that moves a VF needs the guest agent"), reasons(consented)::toString);
    }

    @Test
    void thePlanIsTheSameWhateverTheOrderOfHostsAndVms() {
        List<VmView> vms = new ArrayList<>();
        for (int i = 0; i < 12; i++) vms.add(i % 3 == 0 ? vm("vm" + i, 1 + i % 4, 1, Set.of(), Readiness.plain()) : bonded("vm" + i, "net" + i % 2));
        PlacementResult first = null;
        for (long seed = 0; seed < 5; seed++) {
            List<VmView> shuffled = new ArrayList<>(vms);
            Collections.shuffle(shuffled, new java.util.Random(seed));
            List<String> hosts = new ArrayList<>(List.of("b", "c", "d", "e"));
            Collections.shuffle(hosts, new java.util.Random(seed));
            Fleet f = new Fleet();
            shuffled.forEach(v -> f.host("a").vm(v));
            for (String h : hosts) f.host(h).vfs("net0", 3, -1).vfs("net1", 3, -1).memory(8, 16);
            PlacementResult r = FleetPlacement.place(f.snapshot(), evacuate("a"));
            if (first == null) first = r;
            else assertEquals(first, r);
        }
        assertEquals(12, first.placements().size());
    }

    @Test
    void whatIsLeftIsPlacedAgainWhenADestinationIsRemoved() {
        Fleet f = new Fleet();
        f.host("a").vm(bonded("vm1", "net0")).vm(bonded("vm2", "net0")).vm(bonded("vm3", "net0")).vm(bonded("vm4", "net0"));
        f.host("b").vfs("net0", 4, -1);
        f.host("c").vfs("net0", 3, -1);
        f.host("d").vfs("net0", 1, -1);
        FleetSnapshot snapshot = f.snapshot();
        PlacementResult first = FleetPlacement.place(snapshot, evacuate("a"));
        // ties on free VFs go to the host with more memory left
        assertEquals(List.of("b", "c", "b", "c"), first.placements().stream().map(Placement::destination).toList());
        // vm1 (to b) and vm2 (to c) started; b's breaker opens: vm3 and vm4 are placed again without b
        List<Placement> started = first.placements().subList(0, 2);
        PlacementResult again = FleetPlacement.place(snapshot, evacuate("a").excluding(Set.of("b")), started);
        assertEquals(Map.of("vm3", "c", "vm4", "d"), destinations(again));
        assertFalse(again.placements().stream().anyMatch(p -> p.vm().equals("vm1") || p.vm().equals("vm2")));
        // vm2 keeps c's vf0: vm3 gets vf1
        assertEquals("net0/vf1", again.placements().get(0).vfs().get(0).destinationVf().orElseThrow().id());

        // kept placements count against their destination when it stays
        PlacementResult withKept = FleetPlacement.place(snapshot, evacuate("a").excluding(Set.of("c")), first.placements().subList(0, 3));
        assertEquals(Map.of("vm4", "b"), destinations(withKept));
        assertEquals("net0/vf2", withKept.placements().get(0).vfs().get(0).destinationVf().orElseThrow().id());
    }

    @Test
    void wavesRespectTheOutgoingAndPerDestinationLimits() {
        Fleet f = new Fleet();
        for (int i = 1; i <= 5; i++) f.host("a").vm(bonded("vm" + i, "net0"));
        f.host("b").vfs("net0", 8, -1);
        f.host("c").vfs("net0", 5, -1);
        EvacuationPlan plan = EvacuationPlan.of(f.snapshot(), evacuate("a"), 3, 2);
        List<String> order = plan.moves().stream().map(m -> m.placement().destination() + m.wave()).toList();
        // b, b, b (most free VFs), then c (a tie on VFs, c has more memory left), then b; 3 out and 2 into one host per wave
        assertEquals(List.of("b1", "b1", "b2", "c1", "b2"), order, order::toString);
        EvacuationPlan serial = EvacuationPlan.of(f.snapshot(), evacuate("a"), 1, 2);
        assertEquals(List.of(1, 2, 3, 4, 5), serial.moves().stream().map(EvacuationPlan.Move::wave).toList());
    }
}
