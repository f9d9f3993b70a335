package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.workflow.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Item 6 of issue 8: a QEMU network backend left without its device (e.g. across a short daemon
 * restart) blocks every later attach. The next step that attaches on that host removes it first,
 * says so (a warning, and a journaled fact), and the attach goes through.
 */
class OrphanNetdevTest {
    private static final String ORPHAN = "hostnet1 (index=0,type=tap,fd=34)";

    @Test
    void anOrphanOnTheDestinationIsRemovedBeforeTheVfIsAttachedThere() {
        Harness h = new Harness();
        h.b().orphanNetdevs.put("vm1", new ArrayList<>(List.of(ORPHAN)));   // QEMU lists it once vm1 runs there
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertTrue(h.world.mutations.contains("netdev_del host-b vm1 hostnet1"), h.world.mutations::toString);
        assertEquals(List.of(), h.b().orphanNetdevs("vm1"));
        assertFalse(h.trace.events.contains("retry:attach-vf"), "the attach did not fail first: " + h.trace.events);
        String runId = h.journal.runs(true).get(0).id();
        assertTrue(h.journal.entries(runId).stream().anyMatch(e -> ORPHAN.equals(e.facts().get("orphan-netdev-removed.host-b.hostnet1"))),
                "the removal is journaled with its step");
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void theRollbackOfARunLeftAfterTheDetachRemovesAnOrphanOnTheSourceBeforeItAttachesTheVfAgain() {
        Harness h = HandRepair.diedAfter(4);
        h.a().orphanNetdevs.put("vm1", new ArrayList<>(List.of(ORPHAN)));
        RunOutcome o = new OpenRun(h.services("other")).rollback("run-1", List.of(h.trace));
        assertEquals(RunState.COMPENSATED, o.state(), () -> h.trace.events.toString());
        assertTrue(h.world.mutations.contains("netdev_del host-a vm1 hostnet1"), h.world.mutations::toString);
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void aBackendThatIsNoLongerAnOrphanIsLeftAlone() {
        Harness h = new Harness();
        assertFalse(h.a().removeOrphanNetdev("vm1", "hostnet1"));
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
        assertEquals("hostua-vfm-tmp0", Hypervisor.orphanNetdevId("hostua-vfm-tmp0 (index=0,type=tap,fd=34)"));
        assertEquals("hostnet0", Hypervisor.orphanNetdevId("hostnet0"));
    }
}
