package io.vfmigrate.app.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.adapters.scheduler.UnixCronRules;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.EvacuateHost;
import io.vfmigrate.app.evacuation.EvacuateHostTest;
import io.vfmigrate.app.evacuation.EvacuationRecord;
import io.vfmigrate.app.maintenance.RollingMaintenance;
import io.vfmigrate.app.run.VmRunner;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.Schedule;
import io.vfmigrate.ports.Schedules;
import io.vfmigrate.ports.ServeEvents;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One due schedule on fake hosts and a fake clock: skipped, waiting for a live lease, late, cron next. */
class ScheduledRunsTest {
    final Harness h = new Harness();
    final FakeSchedules schedules = new FakeSchedules();
    final List<String> events = new ArrayList<>();
    final ServeEvents recorder = new ServeEvents() {
        public void due(String id, boolean late) { events.add("due " + id + (late ? " late" : "")); }
        public void takenOver(String id, String evacuation) { events.add("taken over " + id); }
        public void evacuationEnded(String id, String evacuation, int exit) { events.add("ended " + id + " exit " + exit); }
    };

    static final class FakeSchedules implements Schedules {
        final Map<String, Schedule> rows = new LinkedHashMap<>();
        /** Asked before a run's end is recorded (a serve that dies there throws). */
        Runnable beforeFinished = () -> {};
        public void add(Schedule s) {
            // as the stores' primary key
            if (rows.putIfAbsent(s.id(), s) != null) throw new IllegalStateException("UNIQUE constraint failed: schedules.id " + s.id());
        }
        public List<Schedule> all() { return List.copyOf(rows.values()); }
        public Optional<Schedule> find(String id) { return Optional.ofNullable(rows.get(id)); }
        public boolean remove(String id) { return rows.remove(id) != null; }
        public void running(String id, Instant planned) { update(id, rows.get(id).last(), Optional.of(planned)); }
        public void finished(String id, Schedule.LastRun last) {
            beforeFinished.run();
            update(id, Optional.of(last), Optional.empty()); }

        private void update(String id, Optional<Schedule.LastRun> last, Optional<Instant> running) {
            Schedule s = rows.get(id);
            rows.put(id, s.with(last, running));
        }
    }

    Services services() {
        Services s = h.services();
        h.world.addHost("host-c", 4);
        return Harness.with(s, InventoryLoader.parse("inv.yaml", EvacuateHostTest.INVENTORY), s.workflows());
    }

    final EvacuationRequestSpec spec = new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false);

    Schedule cron(String id) {
        Schedule s = new Schedule(id, Schedule.Action.EVACUATE, "host-a", new Schedule.Timing(Schedule.Kind.CRON, "0 2 * * *", ZoneId.of("UTC")), Optional.empty(),
                spec.options(), h.clock.instant(), "me", Optional.empty(), Optional.empty());
        schedules.add(s);
        return s;
    }

    ScheduledRuns runs(Services s) {
        return new ScheduledRuns(s, EvacuateHost.on(s, new VmRunner(s)), RollingMaintenance.on(s), schedules, new ScheduleTimes(new UnixCronRules()), () -> new CircuitBreakers(2), MoveGate.OPEN,
                RunListener.NONE, recorder);
    }

    @Test
    void aDueRunEvacuatesAndTheNextIsTomorrowAtTwo() {
        Services s = services();
        cron("s1");
        Optional<Instant> next = runs(s).run("s1", h.clock.instant().minus(Duration.ofMinutes(2)));
        assertEquals(Optional.of(Instant.parse("2026-11-25T02:00:00Z")), next);
        assertEquals(List.of("due s1 late", "ended s1 exit 0"), events);
        Schedule.LastRun last = schedules.find("s1").orElseThrow().last().orElseThrow();
        assertEquals("exit 0: 1 moved", last.result());
        assertTrue(last.run().isPresent() && !h.a().runs("vm1"));
        assertTrue(schedules.find("s1").orElseThrow().running().isEmpty());
    }

    @Test
    void aHostBeingEvacuatedByHandIsSkippedAndSaysSo() {
        Services s = services();
        cron("s1");
        try (EvacuationRecord manual = EvacuationRecord.start(s, spec)) {
            assertEquals(Optional.of(Instant.parse("2026-11-25T02:00:00Z")), runs(s).run("s1", h.clock.instant()));
            assertEquals("skipped: host-a was already being evacuated by " + manual.id(),
                    schedules.find("s1").orElseThrow().last().orElseThrow().result());
            assertTrue(h.a().runs("vm1"));
        }
    }

    @Test
    void aPickedUpRunWaitsForTheEvacuationsLeaseToExpire() {
        Services s = services();
        cron("s1");
        Instant due = h.clock.instant();
        schedules.running("s1", due);
        try (EvacuationRecord alive = EvacuationRecord.start(s, spec)) {
            Instant expires = h.leases.holder("vm:evacuate:host-a").orElseThrow().expires();
            assertEquals(Optional.of(expires.plusSeconds(1)), runs(s).run("s1", due));
            assertEquals(List.of("due s1"), events, "no take-over yet");
            assertEquals(Optional.of(due), schedules.find("s1").orElseThrow().running());
            assertTrue(h.a().runs("vm1"));
        }
    }

    @Test
    void aRemovedScheduleRunsNoMore() {
        assertEquals(Optional.empty(), runs(services()).run("gone", h.clock.instant()));
        assertEquals(List.of(), events);
    }
}
