package io.vfmigrate.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.run.MigrateVm;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.workflow.steps.StepTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest round trips each step of bond-macvtap makes. A guest command (guest-exec and its status) costs
 * 60-100 ms under TCG; the agent's own reads (a sysfs file, the interface list) a few ms. A step that only needs
 * the name of a link the run already enslaved does not list the links again; the active slave is read as one
 * file; a hot-plugged link is waited for on the agent's interface list, and the links are listed once it changed;
 * the temporary port is detached without releasing it first (the guest's bond releases a slave whose device goes).
 */
class GuestRoundTripsTest {
    private static final String DIR = "/sys/class/net/bond0/bonding/";
    /** The guest-side enslave started before the VF's MAC is programmed: the VF's MAC, its bond, the temporary port's ifindex. */
    private static final String WATCH = "host-b watch 52:54:00:c0:00:11 bond0 4";

    private static String appeared(String dev) {
        String d = "/sys/class/net/" + dev + "/";
        return "read " + d + "ifindex " + d + "address " + d + "flags " + d + "device/uevent " + d + "bonding_slave/perm_hwaddr";
    }

    private static Map<String, List<String>> guestCallsPerStep(Harness h) { return guestCallsPerStep(h, new LinkedHashMap<>()); }

    private static Map<String, List<String>> guestCallsPerStep(Harness h, Map<String, Map<String, String>> learned) {
        return guestCallsPerStep(h, h.services(), "bond-macvtap", learned);
    }

    private static Map<String, List<String>> guestCallsPerStep(Harness h, Services services, String workflow, Map<String, Map<String, String>> learned) {
        Map<String, List<String>> perStep = new LinkedHashMap<>();
        RunListener steps = new RunListener() {
            int from;
            public void stepStarted(RunRecord run, int index, String type) { from = h.world.guestCalls.size(); }

            public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
                perStep.put(type, new ArrayList<>(h.world.guestCalls.subList(from, h.world.guestCalls.size())));
                learned.put(type, facts);
            }
        };
        var r = new MigrateVm(services).run(new MigrateRequest("vm1", Optional.empty(), "host-b", workflow, false), List.of(h.trace, steps));
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.b(), "fvf0");
        return perStep;
    }

    @Test
    void eachStepIssuesOnlyTheGuestCommandsItNeeds() {
        Map<String, List<String>> perStep = guestCallsPerStep(new Harness());
        String active = "read " + DIR + "active_slave";
        assertEquals(List.of("host-a interfaces", "host-a interfaces", "host-a " + appeared("eth1")), perStep.get("add-temporary-port"),
                "the agent's interface list before the attach, then until it changed, then the new NIC's sysfs files");
        assertEquals(List.of("host-a write " + DIR + "slaves +eth1"), perStep.get("enslave-temporary-port"),
                "the temporary port as the guest listed it when it appeared, moments before in add-temporary-port");
        assertEquals(List.of("host-a write " + DIR + "all_slaves_active 1", "host-a write " + DIR + "active_slave eth1", "host-a " + active),
                perStep.get("fail-over-to-temporary-port"), "the temporary port's name is the one step 2 enslaved; verified on one file");
        assertEquals(List.of(), perStep.get("detach-vf"));
        assertEquals(List.of(WATCH, "host-b interfaces", "host-b interfaces", "host-b " + appeared("eth2")), perStep.get("attach-vf"),
                "a guest whose ip cannot monitor: its guest-side enslave ends at once, and the step waits as without it");
        assertEquals(List.of("host-b write " + DIR + "slaves +eth2"), perStep.get("enslave-vf"));
        assertEquals(List.of("host-b write " + DIR + "active_slave eth2", "host-b write " + DIR + "all_slaves_active 0", "host-b " + active),
                perStep.get("fail-back-to-vf"), "all_slaves_active back to what it was once the VF is active");
        assertEquals(List.of("host-b " + active), perStep.get("remove-temporary-port"), "verified, then detached: no listing, no nomaster");
    }

    /** While the guest is still handling the hot-plug, only the agent's interface list is asked, never a listing that would end too early. */
    @Test
    void aLinkThatTakesTimeToAppearIsWaitedForOnTheAgentsInterfaceList() {
        Harness h = new Harness();
        h.a().guest("vm1").plugLag = 4;
        Map<String, List<String>> perStep = guestCallsPerStep(h);
        assertEquals(List.of("host-a interfaces", "host-a interfaces", "host-a interfaces", "host-a interfaces", "host-a interfaces",
                "host-a " + appeared("eth1")), perStep.get("add-temporary-port"), "the list before the attach, then 4 until the NIC appeared");
    }

    /** A guest whose policy leaves out the agent's file and interface commands gets guest commands instead. */
    @Test
    void aGuestWithoutTheAgentsOwnReadsIsReadWithGuestCommands() {
        Harness h = new Harness();
        h.a().guest("vm1").agentReadsAllowed = false;
        Map<String, List<String>> perStep = guestCallsPerStep(h);
        String bond = "grep -H  /sys/class/net/bond0/bonding/mode /sys/class/net/bond0/bonding/active_slave /sys/class/net/bond0/bonding/primary"
                + " /sys/class/net/bond0/bonding/slaves /sys/class/net/bond0/bonding/all_slaves_active";
        assertEquals(List.of("host-a ip -o -d link show"), perStep.get("add-temporary-port"));
        assertEquals(List.of("host-a ip link set dev eth1 master bond0"), perStep.get("enslave-temporary-port"));
        assertEquals(List.of("host-a ip link set dev bond0 type bond active_slave eth1 all_slaves_active 1", "host-a " + bond),
                perStep.get("fail-over-to-temporary-port"));
        assertEquals(List.of(WATCH, "host-b ip -o -d link show"), perStep.get("attach-vf"));
        assertEquals(List.of("host-b " + bond), perStep.get("remove-temporary-port"));
    }

    /** udev may rename a NIC right after it appears: an enslave by the name it appeared with that fails lists the links and tries again. */
    @Test
    void anEnslaveByTheNameALinkAppearedWithThatFailsListsTheLinksAgainWithinTheStep() {
        Harness h = new Harness();
        h.world.failOn("guest write " + DIR + "slaves +eth1", 0, 1);
        var r = new MigrateVm(h.services()).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(h.trace));
        assertEquals(ExitCode.DONE, r.exitCode(), () -> h.trace.events.toString());
        assertEquals(List.of("state:RUNNING"), h.trace.events.subList(0, 1));
        org.junit.jupiter.api.Assertions.assertFalse(h.trace.events.stream().anyMatch(e -> e.startsWith("fail:") || e.startsWith("undo:")),
                h.trace.events::toString);
        int failed = h.world.guestCalls.indexOf("host-a write " + DIR + "slaves +eth1");
        assertEquals(List.of("host-a ip -o -d link show", "host-a write " + DIR + "slaves +eth1"),
                h.world.guestCalls.subList(failed + 1, failed + 3), h.world.guestCalls::toString);
        h.assertHealthyOn(h.b(), "fvf0");
    }

    /**
     * A guest that runs the guest-side enslave: it enslaves the VF's NIC as it appears, before any outside round trip could, and
     * enslave-vf has nothing left to do. Journaled as the step's fact.
     */
    @Test
    void aGuestThatEnslavesOnArrivalLeavesEnslaveVfNothingToDo() {
        Harness h = new Harness();
        h.a().guest("vm1").enslavesOnArrival = true;
        h.a().guest("vm1").plugLag = 3;
        Map<String, Map<String, String>> facts = new LinkedHashMap<>();
        Map<String, List<String>> perStep = guestCallsPerStep(h, facts);
        assertEquals(List.of(WATCH, "host-b interfaces", "host-b watch-enslave eth2 bond0"), perStep.get("attach-vf"),
                "started, the list for a fallback, then the NIC enslaved by the guest as it appeared: no outside wait, no sysfs reads");
        assertEquals(List.of(), perStep.get("enslave-vf"));
        assertEquals("eth2", facts.get("attach-vf").get("vf.0.guest.enslaved-on-arrival"), facts::toString);
        assertEquals(List.of("host-b write " + DIR + "active_slave eth2", "host-b write " + DIR + "all_slaves_active 0", "host-b read " + DIR + "active_slave"),
                perStep.get("fail-back-to-vf"), "the enslaved NIC's name is known without a listing");
    }

    /** A guest-side enslave that misses the NIC (it keeps running) is given up once the agent lists the NIC: the step goes on without it. */
    @Test
    void aGuestSideEnslaveThatMissesTheNicIsGivenUpOnceTheGuestListsIt() {
        Harness h = new Harness();
        h.a().guest("vm1").enslavesOnArrival = true;
        h.a().guest("vm1").watcherMisses = true;
        Map<String, Map<String, String>> facts = new LinkedHashMap<>();
        Map<String, List<String>> perStep = guestCallsPerStep(h, facts);
        List<String> attach = perStep.get("attach-vf");
        assertEquals(List.of(WATCH, "host-b interfaces"), attach.subList(0, 2));
        assertEquals(List.of("host-b interfaces", "host-b interfaces", "host-b " + appeared("eth2")), attach.subList(attach.size() - 3, attach.size()),
                "the list that showed the NIC to the wait for the watcher, then the wait without it");
        assertEquals(List.of("host-b write " + DIR + "slaves +eth2"), perStep.get("enslave-vf"));
        assertEquals("", facts.get("attach-vf").getOrDefault("vf.0.guest.enslaved-on-arrival", ""), "removed, if anything: " + facts);
    }

    /** Without the agent's interface list, a guest-side enslave that misses the NIC is given up once the guest's links show it. */
    @Test
    void withoutTheAgentsReadsAMissedNicIsNoticedInTheGuestsLinks() {
        Harness h = new Harness();
        h.a().guest("vm1").agentReadsAllowed = false;
        h.a().guest("vm1").enslavesOnArrival = true;
        h.a().guest("vm1").watcherMisses = true;
        Map<String, List<String>> perStep = guestCallsPerStep(h);
        assertEquals(List.of(WATCH, "host-b ip -o -d link show", "host-b ip -o -d link show"), perStep.get("attach-vf"),
                "one listing that shows the NIC while the watcher waits, then the wait without it");
        assertEquals(List.of("host-b ip link set dev eth2 master bond0"), perStep.get("enslave-vf"));
    }

    /** attach-vf's guest-side-enslave: off (in a workflow file): no script is started, and enslave-vf enslaves the NIC the guest listed. */
    @Test
    void aWorkflowWithTheGuestSideEnslaveOffStartsNoScript(@TempDir Path dir) throws Exception {
        String shipped;
        try (var in = WorkflowLoader.class.getResourceAsStream("/workflows/bond-macvtap.yaml")) { shipped = new String(in.readAllBytes()); }
        String attach = "  - type: attach-vf\n    params: {timeout: 30s}\n";
        org.junit.jupiter.api.Assertions.assertTrue(shipped.contains(attach), shipped);
        Files.writeString(dir.resolve("no-script.yaml"), shipped.replace("name: bond-macvtap", "name: no-script")
                .replace(attach, "  - type: attach-vf\n    params: {timeout: 30s, guest-side-enslave: off}\n"));
        Harness h = new Harness();
        h.a().guest("vm1").enslavesOnArrival = true;
        Services s = Harness.with(h.services(), h.services().inventory(), new WorkflowLoader(StepTypes.catalog(), Optional.of(dir)));
        Map<String, Map<String, String>> facts = new LinkedHashMap<>();
        Map<String, List<String>> perStep = guestCallsPerStep(h, s, "no-script", facts);
        assertEquals(List.of("host-b interfaces", "host-b interfaces", "host-b " + appeared("eth2")), perStep.get("attach-vf"),
                "the list before the attach, then until it changed: no script although the guest could run it");
        assertEquals(List.of("host-b write " + DIR + "slaves +eth2"), perStep.get("enslave-vf"));
        assertEquals("", facts.get("attach-vf").getOrDefault("vf.0.guest.enslaved-on-arrival", ""), facts::toString);
    }
}
