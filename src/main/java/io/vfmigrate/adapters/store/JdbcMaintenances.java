package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.Maintenances;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Maintenance records in the {@link StateStore}: a row per record, a row per VM of its origin map; one open row per host (a unique index). */
public final class JdbcMaintenances implements Maintenances {
    private static final String COLUMNS = "id, host, since_ns, started_by, evacuation, entered_ns, return_run, closed_ns, closed_how";
    private final Database db;

    JdbcMaintenances(Database db) { this.db = db; }

    public boolean open(Maintenance m) {
        return db.transaction("open the maintenance of " + m.host(), c -> Rows.update(c,
                "INSERT INTO maintenances (id, host, since_ns, started_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                m.id(), m.host(), m.since(), m.by())) == 1;
    }

    public Optional<Maintenance> openOn(String host) {
        return db.call("read the maintenance of " + host, c -> read(c, " WHERE host = ? AND closed_ns IS NULL", host)).stream().findFirst();
    }

    public Optional<Maintenance> find(String id) {
        return db.call("read maintenance " + id, c -> read(c, " WHERE id = ?", id)).stream().findFirst();
    }

    public List<Maintenance> list(boolean all) {
        return db.call("list the maintenances", c -> read(c, all ? "" : " WHERE closed_ns IS NULL"));
    }

    public void evacuation(String id, String evacuationId) { set(id, "evacuation = ?", evacuationId); }

    public void origin(String id, Origin o) {
        db.call("record where " + o.vm() + " went", c -> Rows.update(c,
                "INSERT INTO maintenance_origins (maintenance, vm, left_host, went_to, run_id, workflow, running, uuid)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (maintenance, vm) DO UPDATE SET left_host = excluded.left_host,"
                        + " went_to = excluded.went_to, run_id = excluded.run_id, workflow = excluded.workflow, running = excluded.running,"
                        + " uuid = excluded.uuid",
                id, o.vm(), o.left(), o.wentTo(), o.runId(), o.workflow(), o.running() ? 1 : 0, o.uuid()));
    }

    public void entered(String id, Instant at) { set(id, "entered_ns = ?", at); }

    public void returning(String id, String returnId) { set(id, "return_run = ?", returnId); }

    public void close(String id, Instant at, String how) {
        db.call("close maintenance " + id, c -> Rows.update(c, "UPDATE maintenances SET closed_ns = ?, closed_how = ? WHERE id = ? AND closed_ns IS NULL",
                at, how, id));
    }

    private void set(String id, String assignment, Object value) {
        int updated = db.call("update maintenance " + id, c -> Rows.update(c, "UPDATE maintenances SET " + assignment + " WHERE id = ?", value, id));
        if (updated == 0) throw new IllegalStateException("no maintenance " + id);
    }

    private static List<Maintenance> read(Connection c, String where, Object... args) throws SQLException {
        List<Maintenance> records = new ArrayList<>();
        for (Maintenance m : Rows.query(c, "SELECT " + COLUMNS + " FROM maintenances" + where + " ORDER BY since_ns DESC, id DESC",
                JdbcMaintenances::maintenance, args)) {
            List<Origin> origins = Rows.query(c, "SELECT vm, left_host, went_to, run_id, workflow, running, uuid FROM maintenance_origins"
                    + " WHERE maintenance = ? ORDER BY vm", rs -> new Origin(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getInt(6) == 1, rs.getString(7)), m.id());
            records.add(new Maintenance(m.id(), m.host(), m.since(), m.by(), m.evacuation(), m.entered(), m.returnRun(), m.closed(),
                    m.closedHow(), origins));
        }
        return records;
    }

    private static Maintenance maintenance(ResultSet rs) throws SQLException {
        return new Maintenance(rs.getString("id"), rs.getString("host"), Rows.instant(rs.getLong("since_ns")), rs.getString("started_by"),
                Optional.ofNullable(rs.getString("evacuation")), instant(rs, "entered_ns"), Optional.ofNullable(rs.getString("return_run")),
                instant(rs, "closed_ns"), rs.getString("closed_how"), List.of());
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long nanos = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Rows.instant(nanos));
    }
}
