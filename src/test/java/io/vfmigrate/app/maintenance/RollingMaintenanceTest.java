package io.vfmigrate.app.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.RollingHostRow;
import io.vfmigrate.app.RollingProgress;
import io.vfmigrate.app.RollingRequest;
import io.vfmigrate.app.RollingResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.EvacuateHost;
import io.vfmigrate.app.run.ResumeRollbackTest;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.fakes.RollingFleet;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.StopRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * `rolling` on the fake fleet of {@link RollingFleet}: the rolling does host-a then host-b with the hook {@link #HOOK} and
 * the health command {@link #HEALTH}. The hook's runs are counted by the hosts' shells (only the ones that ran to their
 * end), and a coordinator's death is an Error thrown at a chosen moment, then `resume ROLL` on the same journal.
 */
final class RollingMaintenanceTest {
    static final String HOOK = RollingFleet.HOOK;
    static final String HEALTH = RollingFleet.HEALTH;

    final RollingFleet fleet = new RollingFleet();
    final Harness h = fleet.h;
    final List<String> ran = fleet.ran;
    final List<String> events = new ArrayList<>();
    final AtomicBoolean stop = new AtomicBoolean();

    Services services() { return fleet.services(); }

    static RollingRequest request(int maxFailed, boolean idempotent) {
        return new RollingRequest(List.of("host-a", "host-b"), HOOK, Duration.ofMinutes(30), Optional.of(HEALTH), Duration.ofMinutes(1),
                new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false), maxFailed, idempotent);
    }

    EvacuateHost evacuation(RunListener observer) { return Evacuate.on(services(), new CircuitBreakers(2), MoveGate.OPEN, observer); }

    final RollingProgress recorder = new RollingProgress() {
        public void hostStarted(String host, int index, int total, boolean resumed) { events.add("started " + host + (resumed ? " (resumed)" : "")); }
        public void hookEnded(String host, int exitCode, Duration took, String output) { events.add("hook " + host + " exit " + exitCode); }
        public void healthPassed(String host, Duration took) { events.add("healthy " + host); }
        public void hostReturned(RollingHostRow row) { events.add("returned " + host(row)); }
        public void hostFailed(RollingHostRow row) { events.add("failed " + host(row)); }
        String host(RollingHostRow row) { return row.host(); }
    };

    /** Time passes between hosts, as it does on real hosts (the fake clock moves only when something sleeps). */
    RollingMaintenance.Listeners listeners(RollingProgress rolling) {
        RollingProgress ticking = new RollingProgress() {
            public void hostStarted(String host, int index, int total, boolean resumed) {
                h.clock.sleep(Duration.ofSeconds(1));
                rolling.hostStarted(host, index, total, resumed);
            }
            public void hookStarted(String host, List<String> argv) { rolling.hookStarted(host, argv); }
            public void hookEnded(String host, int exitCode, Duration took, String output) { rolling.hookEnded(host, exitCode, took, output); }
            public void healthPassed(String host, Duration took) { rolling.healthPassed(host, took); }
            public void hostReturned(RollingHostRow row) { rolling.hostReturned(row); }
            public void hostFailed(RollingHostRow row) { rolling.hostFailed(row); }
        };
        return new RollingMaintenance.Listeners(EvacuationProgress.NONE, MaintenanceProgress.NONE, ticking,
                StopRequest.of(stop::get, () -> "SIGTERM"));
    }

    RollingResult roll(RollingRequest r) { return roll(r, RunListener.NONE, recorder); }

    RollingResult roll(RollingRequest r, RunListener observer, RollingProgress rolling) {
        return new RollingMaintenance(services()).run(r, evacuation(observer), listeners(rolling));
    }

    RollingResult resume(String id) {
        h.clock.sleep(Duration.ofMinutes(6)); // the dead coordinator's leases expire
        return new RollingMaintenance(services()).resume(id, evacuation(RunListener.NONE), listeners(recorder));
    }

    String rollingId() {
        return h.journal.runs(true).stream().filter(r -> r.vm().equals("rolling:fleet")).findFirst().orElseThrow().id();
    }

    long hookRuns(String host) { return fleet.hookRuns(host); }

    String where(String vm) { return fleet.where(vm); }

    /** Every VM where it started, every host enabled and out of maintenance, each hook run once, nothing left open. */
    void assertAllBack(RollingResult o) {
        assertEquals(0, o.exitCode(), o.rows()::toString);
        assertEquals(List.of("host-a", "host-a", "host-b"), List.of(where("vm1"), where("vm2"), where("vm3")));
        h.assertHealthyOn(h.a(), "fvf0");
        assertTrue(h.maintenances.openOn("host-a").isEmpty() && h.maintenances.openOn("host-b").isEmpty());
        assertTrue(h.hostFlags.disabled().isEmpty(), h.hostFlags.disabled()::toString);
        assertEquals(1, hookRuns("host-a"), ran::toString);
        assertEquals(1, hookRuns("host-b"), ran::toString);
        assertTrue(h.journal.runs(false).isEmpty(), () -> "left open: " + h.journal.runs(false));
        assertEquals(RunState.SUCCEEDED, h.journal.find(o.rollingId()).orElseThrow().state());
    }

    @Test
    void eachHostInTurnGoesIntoMaintenanceRunsItsHookPassesItsHealthAndGetsItsVmsBack() {
        RollingResult o = roll(request(0, false));
        assertAllBack(o);
        assertEquals(List.of("started host-a", "hook host-a exit 0", "healthy host-a", "returned host-a",
                "started host-b", "hook host-b exit 0", "healthy host-b", "returned host-b"), events);
        // the hook ran on an empty host: after vm1 and vm2 left, before they returned
        assertEquals(List.of(2, 1), o.rows().stream().map(RollingHostRow::vmsOut).toList());
        assertEquals(List.of(2, 1), o.rows().stream().map(RollingHostRow::vmsReturned).toList());
        assertTrue(ran.indexOf("host-a " + HEALTH) > ran.indexOf("host-a /usr/local/sbin/patch --reboot now please"));
    }

    @Test
    void aFailingHookStopsTheRollingAndLeavesItsHostInMaintenance() {
        h.world.shellAnswers.put("host-a /usr/local/sbin/patch --reboot now please", new ExecResult(7, "", "dpkg is locked"));
        RollingResult o = roll(request(0, false));
        assertEquals(1, o.exitCode());
        assertEquals(List.of("host-a"), o.failed());
        assertTrue(o.rows().get(0).detail().contains("its hook exited with 7"), o.rows().get(0)::toString);
        assertEquals(RollingHostRow.Result.NOT_STARTED, o.rows().get(1).result());
        assertTrue(h.maintenances.openOn("host-a").isPresent(), "host-a stays in maintenance");
        assertFalse(h.a().runs("vm1") || h.a().runs("vm2"), "its VMs stay away");
        assertEquals(0, hookRuns("host-b"), "host-b is not touched");
        assertEquals("host-b", where("vm3"));
        assertEquals(RunState.COMPENSATED, h.journal.find(o.rollingId()).orElseThrow().state());
    }

    @Test
    void aFailingHealthCheckStopsAfterItsTimeoutAndLeavesItsHostInMaintenance() {
        h.world.shellAnswers.put("host-a " + HEALTH, new ExecResult(1, "", ""));
        RollingResult o = roll(request(0, false));
        assertEquals(1, o.exitCode());
        assertEquals(List.of("host-a"), o.failed());
        assertTrue(o.rows().get(0).detail().contains("health gate: not healthy within 1m: the health command exited with 1"),
                o.rows().get(0)::toString);
        // at 0, 1, 3, 7 and 15 s, then every 10 s: 25, 35, 45 and 55 s; the next, at 65 s, would be past the minute
        assertEquals(9, ran.stream().filter(c -> c.equals("host-a " + HEALTH)).count(), "asked again, sooner at first, until its timeout");
        assertTrue(h.maintenances.openOn("host-a").isPresent());
        assertEquals(0, hookRuns("host-b"));
    }

    @Test
    void aPfThatCameBackWithFewerVfsFailsTheBuiltInGate() {
        h.world.shellAnswers.put("host-a /usr/local/sbin/patch --reboot now please", new ExecResult(0, "", ""));
        RollingProgress losesAVf = new RollingProgress() {
            public void hookEnded(String host, int exitCode, Duration took, String output) { h.world.pools.get(host).occupied.add(3); }
        };
        RollingResult o = roll(request(0, false), RunListener.NONE, losesAVf);
        assertEquals(List.of("host-a"), o.failed());
        assertTrue(o.rows().get(0).detail().contains("network physnet0 has 3 VF(s), 4 before the hook"), o.rows().get(0)::toString);
        assertEquals(0, ran.stream().filter(c -> c.equals("host-a " + HEALTH)).count(), "the built-in gate comes first");
    }

    @Test
    void withMaxFailedHostsOneTheNextHostIsDoneAnyway() {
        h.world.shellAnswers.put("host-a /usr/local/sbin/patch --reboot now please", new ExecResult(7, "", ""));
        RollingResult o = roll(request(1, false));
        assertEquals(1, o.exitCode());
        assertEquals(List.of("host-a"), o.failed());
        assertEquals(RollingHostRow.Result.RETURNED, o.rows().get(1).result());
        assertEquals(1, hookRuns("host-b"));
        assertEquals("host-b", where("vm3"));
        assertTrue(h.maintenances.openOn("host-a").isPresent() && h.maintenances.openOn("host-b").isEmpty());
    }

    @Test
    void hostsInMaintenanceAlreadyOrUnknownAreRefusedBeforeAnyChange() {
        RollingRequest unknown = new RollingRequest(List.of("host-a", "host-z"), HOOK, Duration.ofMinutes(1), Optional.empty(), Duration.ofMinutes(1),
                request(0, false).evacuation(), 0, false);
        assertThrows(ConfigException.class, () -> roll(unknown));
        assertTrue(h.journal.runs(true).isEmpty(), "nothing journaled");
        assertTrue(h.a().runs("vm1"));
    }

    // a coordinator's death at each phase, then resume ROLL

    static RunListener killWhenMigrated(String vm, BiPredicate<String, String> fromTo) {
        return new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                if (run.vm().equals(vm) && type.equals("migrate") && fromTo.test(run.source(), run.destination())) throw new ResumeRollbackTest.Death();
            }
        };
    }

    void diesThenResumes(Runnable dying, boolean idempotent) {
        assertThrows(Throwable.class, dying::run);
        String id = rollingId();
        assertTrue(h.journal.find(id).orElseThrow().state().isOpen(), "the rolling is left open");
        RollingResult o = resume(id);
        assertEquals(id, o.rollingId());
        assertAllBack(o);
    }

    @Test
    void aDeathDuringAnEvacuationMoveIsResumed() {
        diesThenResumes(() -> roll(request(0, false), killWhenMigrated("vm1", (from, to) -> from.equals("host-a")), recorder), false);
    }

    @Test
    void aDeathDuringAReturnMoveIsResumed() {
        diesThenResumes(() -> roll(request(0, false), killWhenMigrated("vm1", (from, to) -> to.equals("host-a")), recorder), false);
    }

    @Test
    void aDeathDuringTheHealthGateIsResumed() {
        fleet.dieBefore = (host, argv) -> host.equals("host-a") && argv.equals(List.of(HEALTH));
        diesThenResumes(() -> roll(request(0, false)), false);
    }

    @Test
    void aDeathBetweenHostsIsResumedWithTheNextHost() {
        RollingProgress dies = new RollingProgress() {
            public void hostReturned(RollingHostRow row) { if (row.host().equals("host-a")) throw new ResumeRollbackTest.Death(); }
        };
        diesThenResumes(() -> roll(request(0, false), RunListener.NONE, dies), false);
        assertTrue(events.contains("started host-b") && !events.contains("started host-a (resumed)"), events::toString);
    }

    @Test
    void aDeathDuringAnIdempotentHookRunsItAgain() {
        fleet.dieBefore = (host, argv) -> host.equals("host-a") && argv.get(0).equals("/usr/local/sbin/patch");
        diesThenResumes(() -> roll(request(0, true)), true);
        assertTrue(events.contains("started host-a (resumed)"), events::toString);
    }

    @Test
    void aDeathDuringAHookNotDeclaredIdempotentNamesTheHostAndLeavesItInMaintenance() {
        fleet.dieBefore = (host, argv) -> host.equals("host-a") && argv.get(0).equals("/usr/local/sbin/patch");
        assertThrows(Throwable.class, () -> roll(request(0, false)));
        RollingResult o = resume(rollingId());
        assertEquals(1, o.exitCode());
        assertEquals(List.of("host-a"), o.failed());
        assertTrue(o.rows().get(0).detail().contains("its hook was running when the coordinator stopped; without --hook-idempotent"),
                o.rows().get(0)::toString);
        assertEquals(0, hookRuns("host-a"), "not run again");
        assertTrue(h.maintenances.openOn("host-a").isPresent());
        assertFalse(h.a().runs("vm1"));
        assertEquals(0, hookRuns("host-b"));
        assertTrue(h.journal.runs(false).isEmpty(), "the rolling ended: nothing left open");
    }

    @Test
    void aStopAfterTheHookLeavesTheRollingOpenAndResumeGoesOnWithTheHealthGate() {
        RollingProgress stops = new RollingProgress() {
            public void hookStarted(String host, List<String> argv) { stop.set(true); }
        };
        RollingResult o = roll(request(0, false), RunListener.NONE, stops);
        assertTrue(o.leftOpen());
        assertEquals(RollingHostRow.Result.STOPPED, o.rows().get(0).result());
        assertTrue(o.rows().get(0).detail().contains("stopped by SIGTERM before its health gate"), o.rows().get(0)::toString);
        assertTrue(h.maintenances.openOn("host-a").isPresent());
        stop.set(false);
        assertAllBack(new RollingMaintenance(services()).resume(o.rollingId(), evacuation(RunListener.NONE), listeners(recorder)));
    }

    @Test
    void aRollingLeftOpenCanBeGivenUpByCloseItsHostStayingInMaintenance() {
        RollingProgress stops = new RollingProgress() {
            public void hookStarted(String host, List<String> argv) { stop.set(true); }
        };
        String id = roll(request(0, false), RunListener.NONE, stops).rollingId();
        var closed = new io.vfmigrate.app.run.CloseRun(services()).close(id);
        assertEquals(RunState.CLOSED, closed.run().state());
        assertTrue(h.journal.runs(false).isEmpty());
        assertTrue(h.maintenances.openOn("host-a").isPresent(), "its host stays in maintenance");
        assertThrows(ConfigException.class, () -> resume(id));
    }
}
