package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.RunContradicted;
import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, item 5 (found on the lab): a guest rebooted during the workflow's early steps comes back with new
 * ifindexes, its bond on the VF and the temporary port down and outside the bond. `rollback` and `resume` refused
 * ("the journal says the temporary port (guest ifindex 4) is a slave of bond0; real: guest vm1 has no interface with
 * ifindex 4") although the state they would reach already held. The re-checks find the guest's NICs by MAC and role,
 * and a step whose before-state holds again is no contradiction: rollback removes the temporary port, resume applies
 * the reverted steps again and goes on.
 */
class GuestRebootTest {
    /** vm1's run left open after step {@code n} (its coordinator died), then the guest rebooted. */
    private static Harness rebootedAfter(int n) {
        Harness h = HandRepair.diedAfter(n);
        FakeGuest g = h.a().guest("vm1");
        FakeGuest.Link vf = g.links.get("eth0");
        assertEquals(Harness.MAC, vf.permMac, "eth0 is the VF, plugged when the VM was made");
        h.a().rebootGuest("vm1", "bond0", "eth0");
        assertEquals(List.of("eth0"), g.bonds.get("bond0").slaves);
        assertTrue(g.links.get("eth1").master == null && !g.links.get("eth1").up, "the temporary port's NIC is down and in no bond");
        return h;
    }

    @ParameterizedTest(name = "rebooted after step {0}")
    @ValueSource(ints = {2, 3})
    void rollbackAfterAGuestRebootRemovesTheTemporaryPort(int n) {
        Harness h = rebootedAfter(n);
        RunOutcome o = new OpenRun(h.services("other")).rollback("run-1", List.of(h.trace));
        assertEquals(RunState.COMPENSATED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.a(), "fvf0");
        assertEquals(1, h.a().guest("vm1").links.values().stream().filter(l -> l.permMac.equals(Harness.MAC)).count(),
                "the temporary port's NIC is gone from the guest");
    }

    @ParameterizedTest(name = "rebooted after step {0}")
    @ValueSource(ints = {2, 3})
    void resumeAfterAGuestRebootAppliesTheRevertedStepsAgainAndGoesOn(int n) {
        Harness h = rebootedAfter(n);
        RunOutcome o = new OpenRun(h.services("other")).resume("run-1", List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        assertEquals("apply:enslave-temporary-port", h.trace.events.get(0), () -> "step 2 is applied again: " + h.trace.events);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    /** A rebooted guest whose bond came back without its VF (its configuration failed): the state before the steps does not hold. */
    @Test
    void aRebootedGuestWithoutItsBondOnTheVfIsStillRefused() {
        Harness h = HandRepair.diedAfter(3);
        FakeGuest g = h.a().guest("vm1");
        h.a().rebootGuest("vm1", "bond0", "eth0");
        g.release("eth0");
        var refused = assertThrows(RunContradicted.class, () -> new OpenRun(h.services("other")).rollback("run-1", List.of(h.trace)));
        assertTrue(refused.contradictions().stream().anyMatch(c -> c.startsWith("step 3 fail-over-to-temporary-port: ")),
                refused.contradictions()::toString);
        assertTrue(h.trace.events.isEmpty(), "nothing was done");
    }
}
