package io.vfmigrate.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.fakes.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Preflight says plainly when the guest's ip is not iproute2's (busybox's cannot set bond options). */
class GuestIpCheckTest {
    private static Check agentCheck(MigrationResult r) {
        return r.plan().preflight().stream().filter(c -> c.check().equals("guest-agent")).findFirst().orElseThrow();
    }

    @Test
    void iproute2IsFine() {
        Harness h = new Harness();
        var r = h.migrate("bond-macvtap", true);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> r.plan().preflight().toString());
        assertTrue(agentCheck(r).detail().contains("iproute2"), agentCheck(r).detail());
    }

    @Test
    void busyboxIpIsRefusedByName() {
        Harness h = new Harness();
        h.a().guest("vm1").ipVersion = new String[] {"1", "", "BusyBox v1.36.1 (Debian 1:1.36.1-3) multi-call binary.\n\u001b[2JUsage: ip [OPTIONS]"};
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.REFUSED, r.exitCode());
        Check c = agentCheck(r);
        assertEquals(Check.Status.FAILED, c.status());
        assertTrue(c.detail().contains("not iproute2") && c.detail().contains("BusyBox v1.36.1"), c.detail());
        assertFalse(c.detail().contains("\u001b"), c.detail());
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void noIpAtAllIsRefusedByName() {
        Harness h = new Harness();
        h.a().guest("vm1").ipVersion = null;
        var r = h.migrate("naive", true);
        assertEquals(ExitCode.REFUSED, r.exitCode());
        assertTrue(agentCheck(r).detail().contains("iproute2"), agentCheck(r).detail());
    }
}
