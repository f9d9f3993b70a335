package io.vfmigrate.adapters.store;

import io.vfmigrate.model.Schedule;
import io.vfmigrate.ports.Schedules;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Scheduled evacuations and rolling maintenances in the {@link StateStore}: one row per schedule, with its last run. */
public final class JdbcSchedules implements Schedules {
    private static final String COLUMNS = "id, host, kind, expression, zone, window_ms, options, created_ns, created_by,"
            + " last_planned_ns, last_evacuation, last_result, running_ns, action";
    private final Database db;

    JdbcSchedules(Database db) { this.db = db; }

    public void add(Schedule s) {
        // a NULL bound as text would not go into a BIGINT column on PostgreSQL: no window is written as NULL itself
        String window = s.window().map(w -> String.valueOf(w.toMillis())).orElse("NULL");
        db.call("add schedule " + s.id(), c -> Rows.update(c, "INSERT INTO schedules (id, action, host, kind, expression, zone, window_ms,"
                        + " options, created_ns, created_by) VALUES (?, ?, ?, ?, ?, ?, " + window + ", ?, ?, ?)",
                s.id(), s.action().label(), s.host(), s.timing().kind().name(), s.timing().expression(), s.timing().zone().getId(),
                JsonMaps.write(s.options()), s.created(), s.createdBy()));
    }

    public List<Schedule> all() {
        return db.call("read the schedules", c -> Rows.query(c, "SELECT " + COLUMNS + " FROM schedules ORDER BY created_ns, id",
                JdbcSchedules::schedule));
    }

    public Optional<Schedule> find(String id) {
        return db.call("read schedule " + id, c -> Rows.query(c, "SELECT " + COLUMNS + " FROM schedules WHERE id = ?",
                JdbcSchedules::schedule, id)).stream().findFirst();
    }

    public boolean remove(String id) {
        return db.call("remove schedule " + id, c -> Rows.update(c, "DELETE FROM schedules WHERE id = ?", id)) > 0;
    }

    public void running(String id, Instant planned) {
        db.call("mark schedule " + id + " running", c -> Rows.update(c, "UPDATE schedules SET running_ns = ? WHERE id = ?", planned, id));
    }

    public void finished(String id, Schedule.LastRun last) {
        db.call("record the run of schedule " + id, c -> Rows.update(c, "UPDATE schedules SET last_planned_ns = ?, last_evacuation = ?,"
                + " last_result = ?, running_ns = NULL WHERE id = ?", last.planned(), last.run().orElse(""), last.result(), id));
    }

    private static Schedule schedule(ResultSet rs) throws SQLException {
        long window = rs.getLong(6);
        Optional<Duration> w = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(window));
        long lastPlanned = rs.getLong(10);
        Optional<Schedule.LastRun> last = rs.wasNull() ? Optional.empty() : Optional.of(new Schedule.LastRun(Rows.instant(lastPlanned),
                Optional.ofNullable(rs.getString(11)).filter(e -> !e.isEmpty()), rs.getString(12)));
        long running = rs.getLong(13);
        Optional<Instant> r = rs.wasNull() ? Optional.empty() : Optional.of(Rows.instant(running));
        return new Schedule(rs.getString(1), Schedule.Action.of(rs.getString(14)), rs.getString(2), new Schedule.Timing(Schedule.Kind.valueOf(rs.getString(3)),
                rs.getString(4), ZoneId.of(rs.getString(5))), w, JsonMaps.read(rs.getString(7)), Rows.instant(rs.getLong(8)),
                rs.getString(9), last, r);
    }
}
