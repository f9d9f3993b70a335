package io.vfmigrate.app.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.metrics.PrometheusText;
import io.vfmigrate.adapters.metrics.ServeMetrics;
import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.adapters.scheduler.UnixCronRules;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.RollingRequest;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.EvacuateHost;
import io.vfmigrate.app.maintenance.RollingMaintenance;
import io.vfmigrate.app.run.ResumeRollbackTest;
import io.vfmigrate.app.run.VmRunner;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.fakes.RollingFleet;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.model.Schedule;
import io.vfmigrate.model.TimedIds;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A scheduled rolling (`schedule add --rolling`) run by `serve`'s {@link ScheduledRuns} on the fake fleet of
 * {@link RollingFleet} (host-a, then host-b) and a fake clock: every host in turn; a window that closes while host-a is
 * in progress; a serve that dies, or stops, in the middle, and the next pick-up that resumes the same rolling; one that
 * died after the rolling ended; and the `/metrics` counter of the hosts by result.
 */
class ScheduledRollingTest {
    final RollingFleet fleet = new RollingFleet();
    final Harness h = fleet.h;
    final ScheduledRunsTest.FakeSchedules schedules = new ScheduledRunsTest.FakeSchedules();
    final ServeMetrics metrics = new ServeMetrics(h.clock);
    final AtomicBoolean stopping = new AtomicBoolean();

    {
        // time passes on real hosts while a command runs (the fake clock moves only when something sleeps)
        fleet.after = (host, argv) -> {
            h.clock.sleep(Duration.ofSeconds(1));
            return false;
        };
    }

    /** Adds the rolling of host-a then host-b, due in a minute, as `schedule add --rolling` does; returns its id. */
    String schedule(Optional<Duration> window) {
        RollingRequest request = new RollingRequest(List.of("host-a", "host-b"), RollingFleet.HOOK, Duration.ofMinutes(30),
                Optional.of(RollingFleet.HEALTH), Duration.ofMinutes(1), new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false),
                0, false);
        Schedule.Timing at = new Schedule.Timing(Schedule.Kind.AT, h.clock.instant().plus(Duration.ofMinutes(1)).toString(), ZoneId.of("UTC"));
        return new AddSchedule(fleet.services(), schedules, times, (id, first) -> {}).addRolling(request, false, at, window).schedule().id();
    }

    final ScheduleTimes times = new ScheduleTimes(new UnixCronRules());

    /** Ids are the second and a random suffix: a suffix drawn twice within one second once failed `schedule add` (ScheduleCliTest). */
    @Test
    void aScheduleIdAlreadyTakenIsDrawnAgain() {
        Instant now = Instant.parse("2026-12-07T02:00:00Z");
        java.util.Iterator<Integer> draws = List.of(0x1000, 0x1000, 0x1001).iterator();
        assertEquals("s20261207-020000-1001", TimedIds.fresh('s', now, Set.of("s20261207-020000-1000")::contains, draws::next));
        assertThrows(IllegalStateException.class, () -> TimedIds.fresh('s', now, id -> true, () -> 0x1000));
    }

    /** One pick-up by a serve: the run due at the schedule's time. */
    Optional<Instant> pickUp(String id) {
        Services s = fleet.services();
        ScheduledRuns runs = new ScheduledRuns(s, EvacuateHost.on(s, new VmRunner(s)), RollingMaintenance.on(s), schedules, times,
                () -> new CircuitBreakers(2), MoveGate.unless(stopping::get, "serve is stopping"), RunListener.NONE, metrics);
        Instant due = Instant.parse(schedules.find(id).orElseThrow().timing().expression());
        if (h.clock.instant().isBefore(due)) h.clock.sleep(Duration.between(h.clock.instant(), due));
        return runs.run(id, due);
    }

    Schedule.LastRun last(String id) { return schedules.find(id).orElseThrow().last().orElseThrow(); }

    List<RunRecord> rollings() { return h.journal.runsOf(ParentRuns.ROLLING_VM); }

    Map<String, Double> scraped() { return PrometheusText.parse(metrics.text()); }

    double hosts(String result) { return scraped().getOrDefault("vfmigrate_rolling_hosts_total{result=\"" + result + "\"}", 0.0); }

    /** Every VM back where it started, every host out of maintenance and enabled, each hook run once, no record open. */
    void assertAllBack() {
        assertEquals(List.of("host-a", "host-a", "host-b"), List.of(fleet.where("vm1"), fleet.where("vm2"), fleet.where("vm3")));
        h.assertHealthyOn(h.a(), "fvf0");
        assertTrue(h.maintenances.openOn("host-a").isEmpty() && h.maintenances.openOn("host-b").isEmpty());
        assertTrue(h.hostFlags.disabled().isEmpty(), h.hostFlags.disabled()::toString);
        assertEquals(1, fleet.hookRuns("host-a"), fleet.ran::toString);
        assertEquals(1, fleet.hookRuns("host-b"), fleet.ran::toString);
        assertTrue(h.journal.runs(false).isEmpty(), () -> "left open: " + h.journal.runs(false));
    }

    @Test
    void aScheduledRollingDoesEveryHostInTurnAndCountsThemReturned() {
        String id = schedule(Optional.empty());
        assertEquals(Optional.empty(), pickUp(id), "an --at schedule runs once");
        assertAllBack();
        assertEquals(1, rollings().size());
        RunRecord rolling = rollings().get(0);
        assertEquals(RunState.SUCCEEDED, rolling.state(), () -> last(id).result() + "\n" + h.journal.entries(rolling.id()));
        assertEquals(id, rolling.params().get("schedule"), "the record says which schedule started it");
        assertTrue(h.journal.entries(rolling.id()).get(0).detail().endsWith("host-a, host-b (schedule=" + id + ", schedule-planned="
                + schedules.find(id).orElseThrow().timing().expression() + ")"), () -> h.journal.entries(rolling.id()).get(0).detail());
        assertEquals("exit 0: 2 host(s) back", last(id).result());
        assertEquals(Optional.of(rolling.id()), last(id).run());
        assertTrue(schedules.find(id).orElseThrow().running().isEmpty());
        assertEquals(2.0, hosts("returned"), metrics::text);
        assertEquals(0.0, hosts("failed") + hosts("stopped") + hosts("not-started"), metrics::text);
    }

    @Test
    void aWindowThatClosesDuringAHostLetsItFinishAndStartsNoOther() {
        String id = schedule(Optional.of(Duration.ofMinutes(1)));
        // host-a's hook takes two minutes: the window closes while it runs
        var ticking = fleet.after;
        fleet.after = (host, argv) -> {
            if (host.equals("host-a") && argv.get(0).equals("/usr/local/sbin/patch")) h.clock.sleep(Duration.ofMinutes(2));
            return ticking.test(host, argv);
        };
        pickUp(id);
        // host-a finished: its health gate, and its VMs moved back after the window closed
        assertEquals(List.of("host-a", "host-a", "host-b"), List.of(fleet.where("vm1"), fleet.where("vm2"), fleet.where("vm3")));
        assertTrue(h.maintenances.openOn("host-a").isEmpty() && h.hostFlags.disabled().isEmpty());
        assertEquals(1, fleet.hookRuns("host-a"));
        assertEquals(0, fleet.hookRuns("host-b"), "no new host after the window");
        assertTrue(h.maintenances.openOn("host-b").isEmpty(), "host-b not touched");
        // as a window ends an evacuation: the rolling ends (exit 1), naming the host left
        RunRecord rolling = rollings().get(0);
        assertEquals(RunState.COMPENSATED, rolling.state());
        assertTrue(h.journal.runs(false).isEmpty(), "nothing left open for a later run to trip over");
        assertTrue(last(id).result().startsWith("exit 1: 1 host(s) back; not started because the window closed: host-b"), last(id)::result);
        assertEquals(1.0, hosts("returned"), metrics::text);
        assertEquals(1.0, hosts("not-started"), metrics::text);
    }

    /** A scheduled rolling whose serve dies at host-a's health gate (after its hook); returns the schedule's id. */
    String diesAtTheHealthGateOfHostA() {
        String id = schedule(Optional.empty());
        fleet.dieBefore = (host, argv) -> host.equals("host-a") && argv.equals(List.of(RollingFleet.HEALTH));
        assertThrows(ResumeRollbackTest.Death.class, () -> pickUp(id));
        return id;
    }

    @Test
    void aServeThatDiesInTheMiddleIsResumedByTheNextPickUpNeverASecondRolling() {
        String id = diesAtTheHealthGateOfHostA();
        assertTrue(schedules.find(id).orElseThrow().running().isPresent(), "the schedule is left running");
        String first = rollings().get(0).id();
        h.clock.sleep(Duration.ofMinutes(6)); // the dead serve's leases expire
        assertEquals(Optional.empty(), pickUp(id));
        assertAllBack();
        assertEquals(List.of(first), rollings().stream().map(RunRecord::id).toList(), "the same rolling, resumed");
        assertEquals(Optional.of(first), last(id).run());
        assertEquals("exit 0: 2 host(s) back", last(id).result());
        assertEquals(1.0, scraped().get("vfmigrate_lease_takeovers_total"), metrics::text);
        assertEquals(2.0, hosts("returned"), metrics::text);
    }

    @Test
    void aPickUpWhileTheDeadServesLeaseIsLiveWaitsForIt() {
        String id = diesAtTheHealthGateOfHostA();
        Instant expires = h.leases.holder("vm:" + ParentRuns.ROLLING_VM).orElseThrow().expires();
        assertEquals(Optional.of(expires.plusSeconds(1)), pickUp(id));
        assertEquals(0, fleet.hookRuns("host-b"));
        assertTrue(rollings().get(0).state().isOpen());
    }

    @Test
    void aServeThatDiedAfterTheRollingEndedRecordsItsEndAndRunsNothingAgain() {
        String id = schedule(Optional.empty());
        schedules.beforeFinished = () -> {
            schedules.beforeFinished = () -> {};
            throw new ResumeRollbackTest.Death();
        };
        assertThrows(ResumeRollbackTest.Death.class, () -> pickUp(id));
        assertEquals(RunState.SUCCEEDED, rollings().get(0).state(), "the rolling itself ended");
        assertTrue(schedules.find(id).orElseThrow().running().isPresent());
        pickUp(id);
        assertAllBack();
        assertEquals(1, rollings().size());
        assertTrue(last(id).result().startsWith("ended SUCCEEDED before its serve recorded it"), last(id)::result);
    }

    @Test
    void aStoppingServeLeavesTheRollingOpenAndTheNextPickUpFinishesIt() {
        String id = schedule(Optional.empty());
        var ticking = fleet.after;
        fleet.after = (host, argv) -> {
            if (host.equals("host-a") && argv.get(0).equals("/usr/local/sbin/patch")) stopping.set(true);
            return ticking.test(host, argv);
        };
        Optional<Instant> again = pickUp(id);
        assertEquals(Optional.of(h.clock.instant()), again, "queued again at once");
        assertTrue(rollings().get(0).state().isOpen(), "left open for the next pick-up");
        assertTrue(h.maintenances.openOn("host-a").isPresent(), "host-a stays where it was: in maintenance");
        assertEquals(1.0, hosts("stopped"), metrics::text);
        stopping.set(false);
        fleet.after = ticking;
        pickUp(id);
        assertAllBack();
        assertEquals(1, rollings().size());
        assertEquals("exit 0: 2 host(s) back", last(id).result());
    }
}
