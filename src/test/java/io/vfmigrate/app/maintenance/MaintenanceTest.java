package io.vfmigrate.app.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.EvacuateHost;
import io.vfmigrate.app.evacuation.EvacuateHostTest;
import io.vfmigrate.app.run.MigrateVm;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.ports.Maintenances;
import io.vfmigrate.ports.Maintenances.Maintenance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `maintenance enter` and `exit` on fake hosts: host-a holds vm1 (its VF in a bond), vm2 and vm3 (no VF) and off1 (shut
 * off, a VF in slot 1); host-b and host-c take them, placed by the evacuation.
 */
final class MaintenanceTest {
    final Harness h = new Harness();

    @BeforeEach
    void fleet() {
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
        h.world.plainVm("host-a", "vm3");
        h.world.shutOffVm("host-a", "off1", 1, "52:54:00:c0:00:99");
    }

    Services services() { return services(EvacuateHostTest.INVENTORY); }

    Services services(String inventory) {
        Services s = h.services();
        return Harness.with(s, InventoryLoader.parse("inv.yaml", inventory), s.workflows());
    }

    static EvacuationRequestSpec spec() { return new EvacuationRequestSpec("host-a", Set.of(), 2, 2, "bond-macvtap", false, false); }

    EvacuateHost evacuation(Services s) { return Evacuate.on(s, new CircuitBreakers(2)); }

    EnterMaintenance.Result enter() {
        Services s = services();
        return new EnterMaintenance(s).enter(spec(), evacuation(s), EvacuationProgress.NONE, MaintenanceProgress.NONE);
    }

    ExitMaintenance.Result exit(boolean dryRun) { return exit(services(), dryRun); }

    ExitMaintenance.Result exit(Services s, boolean dryRun) {
        return new ExitMaintenance(s).exit("host-a", new ExitMaintenance.Options(false, dryRun, 2, 2), evacuation(s), EvacuationProgress.NONE,
                MaintenanceProgress.NONE);
    }

    static Map<String, String> results(ExitMaintenance.Result r) {
        return r.rows().stream().collect(Collectors.toMap(HostReturn::vm, x -> x.result().label() + (x.detail().isEmpty() ? "" : ": " + x.detail())));
    }

    String where(String vm) {
        return h.world.hypervisors.entrySet().stream().filter(e -> e.getValue().runs(vm) || e.getValue().shutOff.containsKey(vm))
                .map(Map.Entry::getKey).findFirst().orElse("nowhere");
    }

    @Test
    void enterRecordsWhereEachVmWentAndExitBringsThemBack() {
        EnterMaintenance.Result in = enter();
        assertEquals(0, in.evacuation().exitCode(), in.evacuation().outcomes()::toString);
        Maintenance m = in.maintenance().orElseThrow();
        assertEquals(Maintenances.Phase.IN, m.phase());
        assertEquals(Set.of("vm1", "vm2", "vm3", "off1"), m.origins().stream().map(Maintenances.Origin::vm).collect(Collectors.toSet()));
        for (Maintenances.Origin o : m.origins()) {
            assertEquals("host-a", o.left());
            assertEquals(where(o.vm()), o.wentTo(), o::toString);
            assertEquals("u-" + o.vm(), o.uuid().isEmpty() ? "u-" + o.vm() : o.uuid());
            assertTrue(h.journal.find(o.runId()).isPresent(), o::toString);
        }
        Maintenances.Origin off1 = m.origin("off1").orElseThrow();
        assertEquals("offline", off1.workflow());
        assertTrue(!off1.running());
        assertEquals("bond-macvtap", m.origin("vm1").orElseThrow().workflow());
        assertEquals("maintenance (" + m.id() + ")", h.hostFlags.disabled().get("host-a").reason());
        assertEquals(Optional.of(in.evacuation().evacuationId().orElseThrow()), m.evacuation());

        var refused = assertThrows(ConfigException.class, this::enter);
        assertTrue(refused.getMessage().contains("host host-a is in maintenance since"), refused.getMessage());

        ExitMaintenance.Result out = exit(false);
        assertEquals(0, out.exitCode(), out.rows()::toString);
        for (String vm : List.of("vm1", "vm2", "vm3", "off1")) assertEquals("host-a", where(vm), vm);
        assertTrue(h.a().shutOff.containsKey("off1"), "a VM that left shut off returns shut off (offline)");
        assertTrue(h.hostFlags.disabled().isEmpty());
        assertEquals(Maintenances.Phase.CLOSED, h.maintenances.find(m.id()).orElseThrow().phase());
        assertTrue(h.maintenances.openOn("host-a").isEmpty());
        var notIn = assertThrows(ConfigException.class, () -> exit(false));
        assertTrue(notIn.getMessage().contains("host host-a is not in maintenance"), notIn.getMessage());
    }

    /** Issue 22: the moves back are predicted as an evacuation's are, the VM expected not to converge last, with why. */
    @Test
    void theMovesBackArePredictedAndABusyVmGoesLast() {
        assertEquals(0, enter().evacuation().exitCode());
        h.world.hypervisors.get(where("vm1")).domainOf("vm1").dirtyMiBps = 500;
        h.world.hypervisors.get(where("vm2")).domainOf("vm2").dirtyMiBps = 10;
        String vm1Away = where("vm1");
        Services s = services("defaults:\n  migration: {expected-bandwidth-mib-per-s: 100, auto-converge: no}\n" + EvacuateHostTest.INVENTORY);

        EvacuationPlan plan = exit(s, true).plan().orElseThrow();

        List<EvacuationPlan.Move> byWave = plan.moves().stream().sorted(java.util.Comparator.comparingInt(EvacuationPlan.Move::wave)).toList();
        assertEquals("vm1", byWave.get(byWave.size() - 1).placement().vm(), () -> "the busy VM last: " + plan);
        EvacuationPlan.Move busy = byWave.get(byWave.size() - 1);
        assertTrue(busy.convergence().orElseThrow().expectedNotToConverge(), busy::toString);
        assertTrue(busy.convergence().get().detail().contains("dirties 500 MiB/s"), busy::toString);
        EvacuationPlan.Move quiet = plan.moves().stream().filter(m -> m.placement().vm().equals("vm2")).findFirst().orElseThrow();
        assertTrue(quiet.convergence().orElseThrow().detail().contains("expected to converge"), quiet::toString);
        assertTrue(plan.moves().stream().filter(m -> m.placement().vm().equals("off1")).allMatch(m -> m.convergence().isEmpty()),
                "an offline move has no prediction: " + plan);
        assertEquals(vm1Away, where("vm1"), "a dry run moves nothing");
    }

    @Test
    void aVmMovedRedefinedOrDeletedSinceStaysAndIsNamed() {
        Maintenance m = enter().maintenance().orElseThrow();
        // vm2 moved by a run since; vm3 redefined where it went; off1 deleted
        String vm2At = m.origin("vm2").orElseThrow().wentTo();
        String other = vm2At.equals("host-b") ? "host-c" : "host-b";
        var moved = new MigrateVm(services()).run(new MigrateRequest("vm2", Optional.empty(), other, "plain", false), List.of());
        assertEquals(0, moved.exitCode());
        String vm3At = m.origin("vm3").orElseThrow().wentTo();
        h.world.hypervisors.get(vm3At).redefine("vm3", "u-other");
        h.world.hypervisors.get(m.origin("off1").orElseThrow().wentTo()).shutOff.remove("off1");

        ExitMaintenance.Result dry = exit(true);
        assertEquals(Map.of("vm1", "would-return: by bond-macvtap, wave 1",
                "vm2", "stayed: moved since: run " + moved.outcome().orElseThrow().run().id() + " (SUCCEEDED) towards " + other,
                "vm3", "stayed: redefined: its domain UUID is u-other, it left as u-vm3",
                "off1", "stayed: deleted: no host has it"), results(dry));
        assertTrue(h.hostFlags.disabled().containsKey("host-a"), "a dry run leaves the host disabled");
        assertEquals(Maintenances.Phase.IN, h.maintenances.find(m.id()).orElseThrow().phase());

        ExitMaintenance.Result out = exit(false);
        assertEquals(1, out.exitCode(), "some stayed");
        assertEquals("returned", results(out).get("vm1").split(":")[0]);
        assertEquals("host-a", where("vm1"));
        assertEquals(other, where("vm2"));
        assertEquals(vm3At, where("vm3"));
    }

    @Test
    void aVmThatCannotReturnStaysNamed() {
        Maintenance m = enter().maintenance().orElseThrow();
        // host-a's VFs are all taken meanwhile: vm1 (one VF) and off1 (one VF) cannot return
        for (int slot = 0; slot < 4; slot++) h.world.pools.get("host-a").occupied.add(slot);
        ExitMaintenance.Result dry = exit(true);
        assertTrue(results(dry).get("vm1").startsWith("would-stay: host-a has too few free VFs of physnet0"), results(dry)::toString);
        assertTrue(results(dry).get("vm2").startsWith("would-return"), results(dry)::toString);
        ExitMaintenance.Result out = exit(false);
        assertEquals(1, out.exitCode());
        assertTrue(results(out).get("vm1").startsWith("stayed: unplaceable: host-a has too few free VFs"), results(out)::toString);
        assertEquals(m.origin("vm1").orElseThrow().wentTo(), where("vm1"));
        assertEquals("host-a", where("vm2"));
    }

    @Test
    void anAntiAffinityGroupMemberNowOnTheHostKeepsTheVmAway() {
        String inventory = EvacuateHostTest.INVENTORY + "anti-affinity:\n  - [vm2, vm9]\n";
        Services s = services(inventory);
        Maintenance m = new EnterMaintenance(s).enter(spec(), evacuation(s), EvacuationProgress.NONE, MaintenanceProgress.NONE)
                .maintenance().orElseThrow();
        h.world.plainVm("host-a", "vm9"); // started on host-a during its maintenance
        ExitMaintenance.Result out = exit(s, false);
        assertTrue(results(out).get("vm2").startsWith("stayed: unplaceable: host-a holds a VM of its anti-affinity group"), results(out)::toString);
        assertEquals(m.origin("vm2").orElseThrow().wentTo(), where("vm2"));
    }
}
