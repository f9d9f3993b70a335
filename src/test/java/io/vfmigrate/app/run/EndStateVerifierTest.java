package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.Harness;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Item 1 of issue 8: "done" is checked from the hosts before a run reports success. */
class EndStateVerifierTest {

    private static FakeGuest unbonded(Harness h) {
        var g = h.world.unbondedVm("host-a", "vm2", 1, "52:54:00:c0:00:22");
        var nic = g.links.values().iterator().next();
        nic.up = true;
        nic.addrs.add("192.0.2.22/24");
        nic.addrs.add("2001:db8::22/64");
        return g;
    }

    @Test
    void naiveOnAGuestWhoseVfIsInNoBondIsRefusedWithoutAllowOutage() {
        Harness h = new Harness();
        unbonded(h);
        var r = new MigrateVm(h.services()).run(new MigrateRequest("vm2", Optional.empty(), "host-b", "naive", false), List.of(h.trace));
        assertEquals(ExitCode.REFUSED, r.exitCode());
        assertTrue(r.plan().preflight().toString().contains("pass --allow-outage"), r.plan().preflight()::toString);
        assertTrue(h.world.mutations.isEmpty(), h.world.mutations::toString);
    }

    @Test
    void naiveWithAllowOutageRestoresTheNicsAddressesAndIsVerified() {
        Harness h = new Harness();
        unbonded(h);
        var r = new MigrateVm(h.services()).run(new MigrateRequest("vm2", Optional.empty(), "host-b", "naive", false, true), List.of(h.trace));
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString() + r.outcome());
        var guest = h.b().guest("vm2");
        var nic = guest.links.values().stream().filter(l -> l.permMac.equals("52:54:00:c0:00:22")).findFirst().orElseThrow();
        assertTrue(nic.up, "the new NIC is up");
        assertEquals(List.of("192.0.2.22/24", "2001:db8::22/64"), nic.addrs);
        String run = r.outcome().orElseThrow().run().id();
        assertTrue(h.journal.entries(run).stream().anyMatch(e -> "192.0.2.22/24,2001:db8::22/64".equals(e.facts().get("vf.0.addresses"))),
                "the addresses are journaled as facts");
        assertFalse(h.a().runs("vm2"));
    }

    @Test
    void aTemporaryPortLeftAttachedIsNotDone() {
        Harness h = new Harness();
        h.b().detachLost = true;   // the temporary port's removal is answered as done, but QEMU keeps it
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode(), () -> h.trace.events.toString());
        String leftovers = r.outcome().orElseThrow().leftovers().toString();
        assertTrue(leftovers.contains("temporary port ua-vfm-tmp0"), leftovers);
        assertTrue(h.trace.events.contains("apply:remove-temporary-port"), h.trace.events::toString);
    }

    @Test
    void aHealthyRunIsVerifiedAndDone() {
        Harness h = new Harness();
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertTrue(h.world.mutations.stream().noneMatch(m -> m.startsWith("destroy") || m.startsWith("resume")), h.world.mutations::toString);
    }
}
