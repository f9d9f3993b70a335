package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.metrics.PrometheusText;
import io.vfmigrate.adapters.metrics.ServeMetrics;
import io.vfmigrate.adapters.resilience.CircuitBreakers;
import io.vfmigrate.adapters.scheduler.EvacuationScheduler;
import io.vfmigrate.adapters.scheduler.UnixCronRules;
import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.EvacuateHost;
import io.vfmigrate.app.maintenance.RollingMaintenance;
import io.vfmigrate.app.run.VmRunner;
import io.vfmigrate.app.schedule.AddSchedule;
import io.vfmigrate.app.schedule.ScheduleTimes;
import io.vfmigrate.app.schedule.ScheduledRuns;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Evacuate;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.model.Schedule;
import io.vfmigrate.ports.MoveSlots;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two `serve` schedulers (db-scheduler) on one store, each with its own connections and coordinator id,
 * on fake hosts: a due schedule is run exactly once; a schedule left running (its serve stopped)
 * resumes its evacuation instead of starting another. The scheduler runs on real time.
 */
abstract class ServeClusterContract extends StoreFixture {
    static final String INVENTORY = "hosts:\n" + host("host-a") + host("host-b") + host("host-c");
    final Harness h = new Harness();
    final List<AutoCloseable> open = new ArrayList<>();
    final ScheduleTimes times = new ScheduleTimes(new UnixCronRules());

    static String host(String name) {
        return """
                  %s:
                    libvirt-uri: test:///%s
                    networks:
                      physnet0:
                        vf-pool: {type: emulated, bridge: br0, slots: 4}
                        temporary-port: [{type: macvtap, dev: br0}]
                """.formatted(name, name);
    }

    record Serve(Services services, StoreOnDemand store, ServeMetrics metrics) {}

    Serve serve(String coordinator) {
        StoreOnDemand store = StateStore.onDemand(location(), h.clock);
        open.add(store);
        Services b = h.services(coordinator);
        Services s = new Services(InventoryLoader.parse("inv.yaml", INVENTORY), b.connector(), b.workflows(), store.journal(), store.leases(),
                b.clock(), b.poll(), coordinator, () -> coordinator + "-r" + System.nanoTime(), b.guestTimeout(), Duration.ofSeconds(30),
                b.deadHolders(), store.hostFlags(), MoveSlots.UNCOUNTED, store.maintenances());
        return new Serve(s, store, new ServeMetrics(h.clock));
    }

    void start(Serve serve) {
        ScheduledRuns runs = new ScheduledRuns(serve.services(), EvacuateHost.on(serve.services(), new VmRunner(serve.services())),
                RollingMaintenance.on(serve.services()), serve.store().schedules(), times, () -> new CircuitBreakers(2),
                MoveGate.OPEN, serve.metrics(), serve.metrics());
        open.add(0, EvacuationScheduler.start(serve.store().dataSource(), serve.services().coordinator(), runs::run, () -> {}, Duration.ofSeconds(5)));
    }

    Schedule add(Serve serve) {
        Schedule.Timing at = new Schedule.Timing(Schedule.Kind.AT, h.clock.instant().plusSeconds(60).toString(), ZoneId.of("UTC"));
        return new AddSchedule(serve.services(), serve.store().schedules(), times,
                (id, first) -> EvacuationScheduler.enqueue(serve.store().dataSource(), id, first))
                .add(new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false), at, Optional.empty()).schedule();
    }

    List<RunRecord> evacuations(Serve serve) {
        return serve.services().journal().runs(true).stream().filter(ParentRuns::isEvacuation).toList();
    }

    @Test
    void twoServesRunADueScheduleExactlyOnce() throws Exception {
        h.world.plainVm("host-a", "vm2");
        Serve one = serve("serve-1");
        Serve two = serve("serve-2");
        Schedule s = add(one);
        start(one);
        start(two);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> one.store().schedules().find(s.id()).orElseThrow().last().isPresent());
        Thread.sleep(2500); // a second run would have started by now
        assertEquals(1, evacuations(one).size(), () -> evacuations(one).toString());
        Schedule.LastRun last = one.store().schedules().find(s.id()).orElseThrow().last().orElseThrow();
        assertEquals(Optional.of(evacuations(one).get(0).id()), last.run());
        assertEquals("exit 0: 2 moved", last.result());
        assertTrue(!h.a().runs("vm1") && !h.a().runs("vm2"), "host-a is empty");
        double due = dueCount(one) + dueCount(two);
        assertEquals(1.0, due, one.metrics().text() + two.metrics().text());
        assertEquals(Optional.empty(), EvacuationScheduler.queuedAt(one.store().dataSource(), s.id()), "a one-off schedule leaves the queue");
        metricsMatchTheJournal(one, two);
    }

    /** /metrics of all serves together parse as Prometheus text and count what the journal holds. */
    void metricsMatchTheJournal(Serve... serves) {
        java.util.Map<String, Double> total = new java.util.HashMap<>();
        for (Serve serve : serves) {
            PrometheusText.parse(serve.metrics().text()).forEach((k, v) -> total.merge(k, v, Double::sum));
        }
        List<RunRecord> runs = serves[0].services().journal().runs(true).stream().filter(r -> !ParentRuns.isEvacuation(r)).toList();
        assertTrue(!runs.isEmpty());
        for (String workflow : runs.stream().map(RunRecord::workflow).distinct().toList()) {
            long succeeded = runs.stream().filter(r -> r.workflow().equals(workflow) && r.state() == RunState.SUCCEEDED).count();
            assertEquals((double) succeeded, total.get("vfmigrate_runs_ended_total{outcome=\"succeeded\",workflow=\"" + workflow + "\"}"), total::toString);
            assertEquals((double) runs.stream().filter(r -> r.workflow().equals(workflow)).count(),
                    total.get("vfmigrate_runs_started_total{workflow=\"" + workflow + "\"}"), total::toString);
        }
        assertEquals((double) evacuations(serves[0]).size(), total.get("vfmigrate_evacuations_total{exit_code=\"0\"}"), total::toString);
    }

    @Test
    void aScheduleLeftRunningResumesItsEvacuationInsteadOfStartingAnother() throws Exception {
        h.world.plainVm("host-a", "vm2");
        Serve stopped = serve("serve-1");
        Schedule s = add(stopped);
        // serve-1 started the run, then stopped before any move: the evacuation is left open, the schedule running
        stopped.store().schedules().running(s.id(), h.clock.instant());
        EvacuationResult left = Evacuate.on(stopped.services(), new CircuitBreakers(2), MoveGate.unless(() -> true, "serve is stopping"),
                RunListener.NONE)
                .run(new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false), EvacuationProgress.NONE);
        assertTrue(left.leftOpen(), left::toString);
        assertTrue(h.a().runs("vm1") && h.a().runs("vm2"));
        Serve other = serve("serve-2");
        start(other);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> other.store().schedules().find(s.id()).orElseThrow().last().isPresent());
        assertEquals(1, evacuations(other).size(), () -> evacuations(other).toString());
        assertEquals(left.evacuationId(), other.store().schedules().find(s.id()).orElseThrow().last().orElseThrow().run());
        assertTrue(!h.a().runs("vm1") && !h.a().runs("vm2"), "host-a is empty");
        assertTrue(other.metrics().text().contains("vfmigrate_lease_takeovers_total 1.0"), other.metrics().text());
    }

    @Test
    void aRunWhoseServeDiedIsDeclaredDeadWithinSecondsAndResumed() throws Exception {
        h.world.plainVm("host-a", "vm2");
        Serve dead = serve("serve-dead");
        Schedule s = add(dead);
        dead.store().schedules().running(s.id(), h.clock.instant());
        EvacuationResult left = Evacuate.on(dead.services(), new CircuitBreakers(2), MoveGate.unless(() -> true, "about to die"),
                RunListener.NONE)
                .run(new EvacuationRequestSpec("host-a", Set.of(), 1, 2, "bond-macvtap", false, false), EvacuationProgress.NONE);
        // as db-scheduler leaves the row of a scheduler that died while running it: picked, its last heartbeat 20 s old
        try (java.sql.Connection c = dead.store().dataSource().getConnection();
             java.sql.PreparedStatement st = c.prepareStatement("UPDATE scheduled_tasks SET picked = ?, picked_by = ?, last_heartbeat = ?,"
                     + " version = version + 1 WHERE task_instance = ?")) {
            st.setBoolean(1, true);
            st.setString(2, "serve-dead");
            st.setTimestamp(3, java.sql.Timestamp.from(Instant.now().minusSeconds(20)), java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
            st.setString(4, s.id());
            assertEquals(1, st.executeUpdate());
        }
        Serve other = serve("serve-2");
        long start = System.nanoTime();
        start(other);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> other.store().schedules().find(s.id()).orElseThrow().last().isPresent());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "picked up within seconds, not db-scheduler's default 30 min");
        assertEquals(left.evacuationId(), other.store().schedules().find(s.id()).orElseThrow().last().orElseThrow().run());
        assertEquals(1, evacuations(other).size());
        assertTrue(!h.a().runs("vm1") && !h.a().runs("vm2"), "host-a is empty");
        assertTrue(other.metrics().text().contains("vfmigrate_lease_takeovers_total 1.0"), other.metrics().text());
    }

    static double dueCount(Serve s) {
        return s.metrics().text().lines().filter(l -> l.startsWith("vfmigrate_schedules_due_total ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .sum();
    }

    @AfterEach
    void stopServes() throws Exception {
        for (AutoCloseable c : open) c.close();
    }
}
