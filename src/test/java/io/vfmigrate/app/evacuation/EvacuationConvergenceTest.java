package io.vfmigrate.app.evacuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.planning.EvacuationPlan;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The evacuation plan's convergence predictions: each VM measured, those expected not to converge moved after the others. */
class EvacuationConvergenceTest {
    final Harness h = new Harness();

    Services services() {
        Services s = h.services();
        return Harness.with(s, InventoryLoader.parse("inv.yaml", "defaults:\n  migration: {expected-bandwidth-mib-per-s: 100, auto-converge: no}\n"
                + EvacuateHostTest.INVENTORY), s.workflows());
    }

    @Test
    void aVmExpectedNotToConvergeGoesLastWithTheReasonInThePlan() {
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
        h.world.plainVm("host-a", "vm3");
        h.a().domainOf("vm1").dirtyMiBps = 500;
        h.a().domainOf("vm2").dirtyMiBps = 10;
        var spec = new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false);

        EvacuationResult r = Evacuate.on(services(), new CircuitBreakers(2)).plan(spec);

        EvacuationPlan plan = r.plan().orElseThrow();
        List<String> order = plan.moves().stream().sorted(Comparator.comparingInt(EvacuationPlan.Move::wave)).map(m -> m.placement().vm()).toList();
        assertEquals("vm1", order.get(order.size() - 1), () -> "the busy VM last: " + plan);
        EvacuationPlan.Move busy = plan.moves().stream().filter(m -> m.placement().vm().equals("vm1")).findFirst().orElseThrow();
        assertTrue(busy.convergence().orElseThrow().expectedNotToConverge());
        assertTrue(busy.convergence().get().detail().contains("dirties 500 MiB/s"), busy::toString);
        EvacuationPlan.Move quiet = plan.moves().stream().filter(m -> m.placement().vm().equals("vm2")).findFirst().orElseThrow();
        assertTrue(quiet.convergence().get().detail().contains("expected to converge"), quiet::toString);
        assertEquals(List.of(), h.world.mutations, "a plan changes nothing");
    }

    @Test
    void withoutAnyVmExpectedNotToConvergeThePlacementOrderStays() {
        h.world.addHost("host-c", 4);
        h.world.plainVm("host-a", "vm2");
        var spec = new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false);
        h.a().dirtyRateUnsupported = "not supported";

        EvacuationPlan plan = Evacuate.on(services(), new CircuitBreakers(2)).plan(spec).plan().orElseThrow();

        assertEquals(List.of("vm1", "vm2"), plan.moves().stream().sorted(Comparator.comparingInt(EvacuationPlan.Move::wave))
                .map(m -> m.placement().vm()).toList());
        assertTrue(plan.moves().get(0).convergence().orElseThrow().detail().startsWith("no prediction: cannot measure"), plan::toString);
    }
}
