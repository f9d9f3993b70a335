package io.vfmigrate.planning;

import static io.vfmigrate.planning.Fleet.evacuate;
import static io.vfmigrate.planning.Fleet.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Offline moves (shut-off VMs) need a free VF per VF of their definition, and no memory or vCPUs. */
class OfflinePlacementTest {
    static VmView off(String name, long memoryGiB) {
        return vm(name, memoryGiB, 64, Set.of(), new Readiness(Readiness.Kind.SHUT_OFF, "shut off"), "net0");
    }

    @Test
    void anOfflineMoveNeedsAFreeVfButNoMemory() {
        Fleet f = new Fleet();
        f.host("a").vm(off("off1", 512)).vm(off("off2", 512));
        f.host("b").vfs("net0", 1, -1);
        PlacementResult r = FleetPlacement.place(f.snapshot(), evacuate("a"));
        assertEquals(1, r.placements().size(), r::toString);
        assertEquals("offline", r.placements().get(0).workflow());
        assertEquals(1, r.unplaceable().size(), r::toString);
        assertTrue(r.unplaceable().get(0).reason().contains("too few free VFs of net0"), r.unplaceable()::toString);
    }
}
