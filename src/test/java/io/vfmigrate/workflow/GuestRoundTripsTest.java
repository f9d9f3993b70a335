package io.vfmigrate.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrateVm;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The guest commands each step of bond-macvtap issues (each one a guest-exec round trip, 70-100 ms under TCG):
 * a step that only needs the name of a link the run already enslaved does not list the links again, and the
 * temporary port is detached without releasing it first (the guest's bond releases a slave whose device goes).
 */
class GuestRoundTripsTest {
    @Test
    void eachStepIssuesOnlyTheGuestCommandsItNeeds() {
        Harness h = new Harness();
        Map<String, List<String>> perStep = new LinkedHashMap<>();
        RunListener steps = new RunListener() {
            int from;
            public void stepStarted(RunRecord run, int index, String type) { from = h.world.guestCalls.size(); }

            public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
                perStep.put(type, new ArrayList<>(h.world.guestCalls.subList(from, h.world.guestCalls.size())));
            }
        };
        var r = new MigrateVm(h.services()).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(h.trace, steps));
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        String bond = "grep -H  /sys/class/net/bond0/bonding/mode /sys/class/net/bond0/bonding/active_slave /sys/class/net/bond0/bonding/primary"
                + " /sys/class/net/bond0/bonding/slaves /sys/class/net/bond0/bonding/all_slaves_active";
        assertEquals(List.of("host-a ip link set dev eth1 master bond0"), perStep.get("enslave-temporary-port"),
                "the temporary port as the guest listed it when it appeared, moments before in add-temporary-port");
        assertEquals(List.of("host-a ip link set dev bond0 type bond active_slave eth1 all_slaves_active 1", "host-a " + bond),
                perStep.get("fail-over-to-temporary-port"), "the temporary port's name is the one step 2 enslaved");
        assertEquals(List.of("host-b ip link set dev eth2 master bond0"), perStep.get("enslave-vf"));
        assertEquals(List.of("host-b ip link set dev bond0 type bond active_slave eth2 all_slaves_active 0", "host-b " + bond),
                perStep.get("fail-back-to-vf"));
        assertEquals(List.of("host-b " + bond), perStep.get("remove-temporary-port"), "verified, then detached: no listing, no nomaster");
        h.assertHealthyOn(h.b(), "fvf0");
    }

    /** udev may rename a NIC right after it appears: an enslave by the name it appeared with that fails lists the links and tries again. */
    @Test
    void anEnslaveByTheNameALinkAppearedWithThatFailsListsTheLinksAgainWithinTheStep() {
        Harness h = new Harness();
        h.world.failOn("guest ip link set dev eth1 master bond0", 0, 1);
        var r = new MigrateVm(h.services()).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(h.trace));
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(List.of("state:RUNNING"), h.trace.events.subList(0, 1));
        org.junit.jupiter.api.Assertions.assertFalse(h.trace.events.stream().anyMatch(e -> e.startsWith("fail:") || e.startsWith("undo:")),
                h.trace.events::toString);
        int failed = h.world.guestCalls.indexOf("host-a ip link set dev eth1 master bond0");
        assertEquals(List.of("host-a ip -o -d link show", "host-a ip link set dev eth1 master bond0"),
                h.world.guestCalls.subList(failed + 1, failed + 3), h.world.guestCalls::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }
}
