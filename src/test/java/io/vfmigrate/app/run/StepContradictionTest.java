package io.vfmigrate.app.run;

import static io.vfmigrate.app.run.HandRepair.detach;
import static io.vfmigrate.app.run.HandRepair.diedAfter;
import static io.vfmigrate.app.run.HandRepair.makeActive;
import static io.vfmigrate.app.run.HandRepair.newestNic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.ports.MigrationRequest;
import io.vfmigrate.workflow.Contradiction;
import io.vfmigrate.workflow.Poll;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.steps.AddTemporaryPort;
import io.vfmigrate.workflow.steps.AttachVf;
import io.vfmigrate.workflow.steps.DetachVf;
import io.vfmigrate.workflow.steps.EnslaveTemporaryPort;
import io.vfmigrate.workflow.steps.EnslaveVf;
import io.vfmigrate.workflow.steps.FailBackToVf;
import io.vfmigrate.workflow.steps.FailOverToTemporaryPort;
import io.vfmigrate.workflow.steps.GuestCommand;
import io.vfmigrate.workflow.steps.Migrate;
import io.vfmigrate.workflow.steps.RemoveTemporaryPort;
import io.vfmigrate.workflow.steps.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each step type's re-check, on the fakes: a run of bond-macvtap left after that step agrees with the
 * hosts; after a change by hand the step names what the journal says and what is real; a later step
 * that may have acted (remove-temporary-port, fail-back-to-vf) takes over what it checks.
 */
class StepContradictionTest {
    private static final Duration T = Duration.ofSeconds(30);

    /** The run's context rebuilt from its journal, as `resume` and `rollback` rebuild it. */
    private static RunContext ctx(Harness h) {
        var replay = new RunReplay(h.journal.entries("run-1"));
        return new RunContext("run-1", "vm1", h.world.host("host-a"), h.world.host("host-b"), replay.facts(), new Poll(h.clock, h.clock),
                LeaseReservations.lookOnly(h.services()), Duration.ofSeconds(5));
    }

    private static Contradiction contradicted(Harness h, Step step) {
        return step.contradiction(ctx(h), Set.of()).orElseThrow(() -> new AssertionError(step.type() + " saw no contradiction"));
    }

    private static void agrees(Harness h, Step step) {
        assertEquals(Optional.empty(), step.contradiction(ctx(h), Set.of()), step.type() + " agrees with the hosts");
    }

    private static FakeGuest guest(Harness h) { return h.whereVm().guest("vm1"); }

    private static FakeGuest.Link temporaryPort(Harness h) {
        var g = guest(h);
        return g.links.values().stream().filter(l -> l.permMac.equals(Harness.MAC) && l.kind == null)
                .min(java.util.Comparator.comparingInt(l -> l.ifindex)).orElseThrow();   // plugged first, before the VFs of the run
    }

    @Test
    void addTemporaryPort() {
        Harness h = diedAfter(1);
        Step step = new AddTemporaryPort(Optional.of("macvtap"), T);
        agrees(h, step);
        detach(h.a(), "ua-vfm-tmp0");
        Contradiction c = contradicted(h, step);
        assertEquals("temporary port ua-vfm-tmp0 with MAC " + Harness.MAC + " is attached to vm1 on host-a", c.journal());
        assertEquals("vm1 on host-a has no such device; the active slave of bond0 is eth0", c.real());
        assertEquals(Optional.empty(), step.contradiction(ctx(h), Set.of(RemoveTemporaryPort.TYPE)), "removing it later is no contradiction");
    }

    @Test
    void enslaveTemporaryPort() {
        Harness h = diedAfter(2);
        Step step = new EnslaveTemporaryPort();
        agrees(h, step);
        FakeGuest.Link tmp = newestNic(guest(h));
        guest(h).release(tmp.name);
        Contradiction c = contradicted(h, step);
        assertEquals("the temporary port (guest ifindex " + tmp.ifindex + ") is a slave of bond0", c.journal());
        assertEquals("its interface " + tmp.name + " is in no bond", c.real());
    }

    @Test
    void failOverToTemporaryPort() {
        Harness h = diedAfter(3);
        Step step = new FailOverToTemporaryPort(T);
        agrees(h, step);
        FakeGuest.Link tmp = newestNic(guest(h));
        guest(h).bonds.get("bond0").active = "eth0";   // the bond went back to the VF
        Contradiction c = contradicted(h, step);
        assertEquals("the temporary port (guest ifindex " + tmp.ifindex + ") is the active slave of bond0", c.journal());
        assertEquals("the active slave of bond0 is eth0, not " + tmp.name, c.real());
        assertEquals(Optional.empty(), step.contradiction(ctx(h), Set.of(FailBackToVf.TYPE)), "failing back later is no contradiction");
    }

    @Test
    void detachVfOnlyWhenTheVfCarriesTheTrafficAgain() {
        Harness h = diedAfter(4);
        Step step = new DetachVf(T, true);
        agrees(h, step);
        h.a().plugForSetUp("vm1", h.world.pools.get("host-a").xmlFor(0, Harness.MAC));
        agrees(h, step);   // attached again but unused: what a half-done undo leaves, which the undo finishes
        FakeGuest.Link vf = newestNic(guest(h));
        makeActive(guest(h), vf);
        Contradiction c = contradicted(h, step);
        assertEquals("VF fvf0 (MAC " + Harness.MAC + ") is detached from vm1 on host-a", c.journal());
        assertEquals("it is attached again and its interface " + vf.name + " is the active slave of bond0", c.real());
    }

    @Test
    void migrate() {
        Harness h = diedAfter(5);
        Step step = new Migrate(List.of("live"), Optional.empty(), Optional.empty(), T, Map.of());
        agrees(h, step);
        h.world.macvtaps("host-a").add(Harness.MACVTAP);   // as a run moving it back made it
        h.b().migrate("vm1", h.a(), new MigrationRequest(Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), T));
        Contradiction c = contradicted(h, step);
        assertEquals("vm1 was migrated to host-b", c.journal());
        assertTrue(c.real().startsWith("it runs on host-a only (vm1: running on host-a, absent on host-b"), c.real());
    }

    @Test
    void attachVf() {
        Harness h = diedAfter(6);
        Step step = new AttachVf(T);
        agrees(h, step);
        detach(h.b(), "fvf0");
        Contradiction c = contradicted(h, step);
        assertEquals("VF fvf0 with MAC " + Harness.MAC + " is attached to vm1 on host-b", c.journal());
        assertEquals("it is not; no VF of physnet0 is attached", c.real());
    }

    @Test
    void enslaveVf() {
        Harness h = diedAfter(7);
        Step step = new EnslaveVf();
        agrees(h, step);
        FakeGuest.Link vf = newestNic(guest(h));
        guest(h).release(vf.name);
        Contradiction c = contradicted(h, step);
        assertEquals("the VF with MAC " + Harness.MAC + " (guest ifindex " + vf.ifindex + ") is a slave of bond0", c.journal());
        assertEquals("its interface " + vf.name + " is in no bond", c.real());
    }

    @Test
    void failBackToVf() {
        Harness h = diedAfter(8);
        Step step = new FailBackToVf(T);
        agrees(h, step);
        FakeGuest.Link vf = newestNic(guest(h));
        guest(h).bonds.get("bond0").active = temporaryPort(h).name;
        Contradiction c = contradicted(h, step);
        assertEquals("the VF with MAC " + Harness.MAC + " (guest ifindex " + vf.ifindex + ") is the active slave of bond0", c.journal());
        assertEquals("the active slave of bond0 is " + temporaryPort(h).name + ", not " + vf.name, c.real());
    }

    @Test
    void removeTemporaryPort() {
        Harness h = diedAfter(9);
        Step step = new RemoveTemporaryPort(T);
        agrees(h, step);
        h.b().plugForSetUp("vm1", "<interface type='direct'><mac address='" + Harness.MAC + "'/><source dev='br0' mode='bridge'/>"
                + "<alias name='ua-vfm-tmp0'/></interface>");
        Contradiction c = contradicted(h, step);
        assertEquals("the temporary port(s) of vm1 are removed on host-b", c.journal());
        assertEquals("temporary port ua-vfm-tmp0 (MAC " + Harness.MAC + ") is still attached", c.real());
    }

    @Test
    void waitAndGuestCommandHaveNothingToCheck() {
        Harness h = diedAfter(6);
        detach(h.b(), "ua-vfm-tmp0");
        agrees(h, new Wait(Duration.ofSeconds(1)));
        agrees(h, new GuestCommand(List.of("true"), 0, T));
    }

    @Test
    void aVmGoneFromItsHostContradictsTheHostStepsThatPutItThere() {
        Harness h = diedAfter(2);
        h.a().destroy("vm1");
        Contradiction c = contradicted(h, new AddTemporaryPort(Optional.of("macvtap"), T));
        assertTrue(c.real().startsWith("vm1 is not active on host-a (vm1: shut-off on host-a, absent on host-b"), c.real());
    }
}
