package io.vfmigrate.workflow.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.FactKeys;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.VfFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * From the moment a destination VF's MAC is programmed, its PF steers the guest's frames to a VF that no driver
 * reads yet, away from the temporary port: attach-vf programs it as late as it can.
 */
class AttachOrderTest {
    private static final Mac MAC = Mac.parse("52:54:00:c0:00:16");

    /** Between programming a VF and attaching it, nothing else: the guest's interface list is read before. */
    @Test
    void theVfIsAttachedRightAfterItsMacIsProgrammed() {
        Harness h = new Harness();
        h.secondVfInBond(1);
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        List<String> events = new ArrayList<>(h.world.events);
        int prepares = 0;
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).startsWith("prepare host-b ")) continue;
            prepares++;
            assertEquals("attach host-b vm1", events.get(i + 1), () -> "after " + events);
        }
        assertEquals(2, prepares, events::toString);
    }

    /** The guest's bond on physnet0 has its temporary port there: the VF of physnet1 is attached first. */
    @Test
    void aVfOfANetworkWithoutTheTemporaryPortIsAttachedFirst() {
        Facts f = new Facts();
        VfFacts.record(f, 0, vf("physnet0", "evf0"), settings(), Optional.of("bond0"), Optional.of(3));
        VfFacts.record(f, 1, vf("physnet1", "e1vf0"), settings(), Optional.of("bond0"), Optional.of(4));
        VfFacts.record(f, 2, vf("physnet0", "evf1"), settings(), Optional.empty(), Optional.of(5));
        BondFacts.record(f, 0, new GuestInterfaceName("bond0"), "physnet0", MAC, List.of(0, 1), 0, Optional.empty(), false, Optional.empty());
        f.put(FactKeys.BOND_COUNT, 1);
        List<VfFacts> vfs = List.of(VfFacts.at(f, 0), VfFacts.at(f, 1), VfFacts.at(f, 2));
        assertEquals(List.of(1, 0, 2), AttachVf.temporaryPortNetworksLast(vfs, BondFacts.all(f)).stream().map(VfFacts::index).toList());
        assertEquals(List.of(0, 1, 2), AttachVf.temporaryPortNetworksLast(vfs, List.of()).stream().map(VfFacts::index).toList(),
                "without a temporary port (naive), the guest's order");
    }

    private static Vf vf(String network, String id) { return new Vf("host-a", network, id, "emulated:esw/" + id, OptionalInt.empty()); }

    private static VfSettings settings() { return new VfSettings(MAC, Optional.empty(), Optional.empty(), Optional.empty()); }
}
