package io.vfmigrate.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.fakes.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host side of a macvtap temporary port carries the VM's MAC: IPv6 is turned off on it where it is, so that the
 * host's own autoconfiguration never announces the MAC from a host the VM has left.
 */
class MacvtapHostSideTest {
    private static List<String> sysctls(Harness h) {
        return h.world.shellCalls.stream().filter(c -> c.contains(" sysctl ")).toList();
    }

    @Test
    void ipv6IsTurnedOffOnTheMacvtapAfterItsAttachAndAfterTheMigration() {
        Harness h = new Harness();
        var r = h.migrate("bond-macvtap", false);
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        List<String> sysctls = sysctls(h);
        assertEquals(2, sysctls.size(), sysctls::toString);
        assertTrue(sysctls.get(0).matches("host-a sysctl -q -w net\\.ipv6\\.conf\\.macvtap\\d+\\.disable_ipv6=1"), sysctls::toString);
        assertTrue(sysctls.get(1).matches("host-b sysctl -q -w net\\.ipv6\\.conf\\.macvtap\\d+\\.disable_ipv6=1"), sysctls::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void anOvsPortHasAMacOfItsOwnOnTheHostAndIsLeftAsItIs() {
        Harness h = new Harness();
        assertEquals(ExitCode.DONE, h.migrate("bond-ovs", false).exitCode(), () -> h.trace.events.toString());
        assertEquals(List.of(), sysctls(h));
    }

    @Test
    void aHostThatCannotTurnItOffStillMovesTheVm() {
        Harness h = new Harness();
        h.world.failOn("shell host-a sysctl");
        h.world.failOn("shell host-b sysctl");
        assertEquals(ExitCode.DONE, h.migrate("bond-macvtap", false).exitCode(), () -> h.trace.events.toString());
        assertEquals(List.of("state:RUNNING"), h.trace.events.subList(0, 1));
        assertTrue(h.trace.events.stream().noneMatch(e -> e.startsWith("fail:")), h.trace.events::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }
}
