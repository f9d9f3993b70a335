package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.Schedule;
import io.vfmigrate.ports.Schedules;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Schedules in the store, the same on SQLite and PostgreSQL. */
abstract class ScheduleContract extends StoreFixture {
    static Schedule schedule(String id, Optional<Duration> window) {
        return new Schedule(id, Schedule.Action.EVACUATE, "host-a", new Schedule.Timing(Schedule.Kind.CRON, "0 2 * * SUN", ZoneId.of("Europe/Berlin")), window,
                Map.of("host", "host-a", "parallel", "2"), Instant.parse("2026-11-24T12:00:00Z"), "lab:42:7", Optional.empty(), Optional.empty());
    }

    @Test
    void addedSchedulesAreReadBackWithEveryField() {
        Schedules one = open().schedules();
        one.add(schedule("s1", Optional.of(Duration.ofHours(2))));
        one.add(schedule("s2", Optional.empty()));
        Schedules other = open().schedules(); // another coordinator sharing the store
        assertEquals(List.of(schedule("s1", Optional.of(Duration.ofHours(2))), schedule("s2", Optional.empty())), other.all());
        assertEquals(Optional.of(schedule("s2", Optional.empty())), other.find("s2"));
        assertTrue(other.find("s3").isEmpty());
    }

    @Test
    void aRunIsMarkedRunningThenFinishedWithItsEvacuation() {
        Schedules s = open().schedules();
        s.add(schedule("s1", Optional.empty()));
        Instant due = Instant.parse("2026-12-06T01:00:00Z");
        s.running("s1", due);
        assertEquals(Optional.of(due), s.find("s1").orElseThrow().running());
        s.finished("s1", new Schedule.LastRun(due, Optional.of("e20261206-010000-1234"), "exit 0: 3 moved"));
        Schedule after = s.find("s1").orElseThrow();
        assertTrue(after.running().isEmpty());
        assertEquals(Optional.of(new Schedule.LastRun(due, Optional.of("e20261206-010000-1234"), "exit 0: 3 moved")), after.last());
        s.finished("s1", new Schedule.LastRun(due, Optional.empty(), "refused (exit 2): no such host"));
        assertEquals(Optional.empty(), s.find("s1").orElseThrow().last().orElseThrow().run());
    }

    @Test
    void removedSchedulesAreGone() {
        Schedules s = open().schedules();
        s.add(schedule("s1", Optional.empty()));
        assertTrue(s.remove("s1"));
        assertFalse(s.remove("s1"));
        assertEquals(List.of(), s.all());
    }

    @Test
    void aVersionThreeStoreGainsTheSchedulesInPlace() throws SQLException {
        Dialect d = StoreLocation.parse(location()).dialect();
        java.util.List<String> v3 = new java.util.ArrayList<>();
        for (Schema.Migration m : Schema.MIGRATIONS.subList(0, 3)) v3.addAll(m.statements().apply(d));
        v3.add("CREATE TABLE vfmigrate_schema (version INTEGER NOT NULL)");
        v3.add("INSERT INTO vfmigrate_schema (version) VALUES (3)");
        sql(v3.toArray(String[]::new));
        StateStore store = open();
        assertTrue(Schema.CURRENT_VERSION >= 4, "schedules came with version 4");
        store.schedules().add(schedule("s1", Optional.empty()));
        assertEquals(1, store.schedules().all().size());
    }

    /** Issue 21.4: what a schedule runs is kept; the schedules of a version 6 store (before rollings) are evacuations. */
    @Test
    void aRollingScheduleKeepsItsActionAndAnOlderStoresSchedulesAreEvacuations() throws SQLException {
        Dialect d = StoreLocation.parse(location()).dialect();
        List<String> v6 = new java.util.ArrayList<>();
        for (Schema.Migration m : Schema.MIGRATIONS.subList(0, 6)) v6.addAll(m.statements().apply(d));
        v6.add("CREATE TABLE vfmigrate_schema (version INTEGER NOT NULL)");
        v6.add("INSERT INTO vfmigrate_schema (version) VALUES (6)");
        v6.add("INSERT INTO schedules (id, host, kind, expression, zone, options, created_ns, created_by)"
                + " VALUES ('s0', 'host-a', 'CRON', '0 2 * * SUN', 'UTC', '{}', 0, 'an older vfmigrate')");
        sql(v6.toArray(String[]::new));
        Schedules s = open().schedules();
        assertEquals(Schedule.Action.EVACUATE, s.find("s0").orElseThrow().action());
        Schedule rolling = new Schedule("s1", Schedule.Action.ROLLING, "", new Schedule.Timing(Schedule.Kind.AT, "2026-12-06T01:00:00Z", ZoneId.of("UTC")),
                Optional.of(Duration.ofHours(3)), Map.of("hosts", "host-a,host-b", "hook", "/sbin/upgrade --yes"), Instant.parse("2026-11-24T12:00:00Z"),
                "lab:42:7", Optional.empty(), Optional.empty());
        s.add(rolling);
        assertEquals(Optional.of(rolling), open().schedules().find("s1"));
    }
}
