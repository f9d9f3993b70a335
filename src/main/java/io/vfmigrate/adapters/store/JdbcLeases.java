package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.Leases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Leases in the {@link StateStore}, exclusive across processes: taking one is a single upsert that
 * only overwrites an expired lease, one of the same run and coordinator, or one of a holder known dead,
 * inside a transaction that also reads the holder when it did not. A take-over increments the lease's
 * generation (its fencing token). Times come from the clock given, not from the database's.
 */
public final class JdbcLeases implements Leases {
    private static final String HOLDER_COLUMNS = "lease_key, run_id, coordinator, expires_ns, generation";
    private static final String TAKE =
            "INSERT INTO leases (" + HOLDER_COLUMNS + ") VALUES (?, ?, ?, ?, 1)"
                    + " ON CONFLICT (lease_key) DO UPDATE SET run_id = excluded.run_id,"
                    + " coordinator = excluded.coordinator, expires_ns = excluded.expires_ns,"
                    + " generation = CASE WHEN leases.run_id = excluded.run_id AND leases.coordinator = excluded.coordinator"
                    + " THEN leases.generation ELSE leases.generation + 1 END"
                    + " WHERE (leases.run_id = excluded.run_id AND leases.coordinator = excluded.coordinator) OR leases.expires_ns <= ?"
                    + " OR (leases.coordinator = ? AND leases.generation = ?)"
                    + " RETURNING run_id";
    /** Matches the fenced lease row; as an UPDATE it also locks that row until the transaction ends. */
    static final String FENCE_HELD = "lease_key = ? AND run_id = ? AND coordinator = ? AND generation = ?";

    private final Database db;
    private final Clock clock;

    JdbcLeases(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<Holder> acquire(String key, String runId, String coordinator, Duration ttl) {
        return take(key, null, runId, coordinator, ttl);
    }

    public Optional<Holder> takeOver(String key, Holder dead, String runId, String coordinator, Duration ttl) {
        return take(key, dead, runId, coordinator, ttl);
    }

    private Optional<Holder> take(String key, Holder dead, String runId, String coordinator, Duration ttl) {
        Instant now = clock.instant();
        // no dead holder: a coordinator and generation that no lease has
        String deadCoordinator = dead == null ? "" : dead.coordinator();
        long deadGeneration = dead == null ? -1 : dead.generation();
        return db.transaction("take the lease " + key, c -> {
            boolean taken = !Rows.query(c, TAKE, rs -> rs.getString(1), key, runId, coordinator, now.plus(ttl), now,
                    deadCoordinator, deadGeneration).isEmpty();
            if (taken) return Optional.empty();
            // the upsert locked the row it did not update (PostgreSQL), or the transaction holds the write lock (SQLite)
            return Optional.of(holder(c, key, now).orElseThrow(() ->
                    new IllegalStateException("lease " + key + " was refused, yet has no live holder")));
        });
    }

    public Optional<Fence> fence(String key, String runId, String coordinator) {
        return db.call("read the lease " + key, c -> owner(c, key))
                .filter(h -> h.runId().equals(runId) && h.coordinator().equals(coordinator)).map(Holder::fence);
    }

    public boolean renew(Fence fence, Duration ttl) {
        Instant expires = clock.instant().plus(ttl);
        return db.transaction("renew the leases of run " + fence.runId(), c -> {
            if (!holds(c, fence)) return false;
            Rows.update(c, "UPDATE leases SET expires_ns = ? WHERE run_id = ? AND coordinator = ?",
                    expires, fence.runId(), fence.coordinator());
            return true;
        });
    }

    public void release(String key, String runId) {
        db.call("release the lease " + key, c -> Rows.update(c,
                "DELETE FROM leases WHERE lease_key = ? AND run_id = ?", key, runId));
    }

    public void release(Fence fence) {
        db.call("release the lease " + fence.key(), c -> Rows.update(c, "DELETE FROM leases WHERE " + FENCE_HELD,
                fence.key(), fence.runId(), fence.coordinator(), fence.generation()));
    }

    public void releaseAll(String runId) {
        db.call("release the leases of run " + runId, c -> Rows.update(c, "DELETE FROM leases WHERE run_id = ?", runId));
    }

    public Optional<Holder> holder(String key) {
        Instant now = clock.instant();
        return db.call("read the lease " + key, c -> holder(c, key, now));
    }

    /**
     * Whether the fence still holds its lease; the matched row stays locked until the transaction ends,
     * so that no take-over commits between this check and the write it guards.
     */
    static boolean holds(Connection c, Fence fence) throws SQLException {
        return Rows.update(c, "UPDATE leases SET generation = generation WHERE " + FENCE_HELD,
                fence.key(), fence.runId(), fence.coordinator(), fence.generation()) == 1;
    }

    /** Who holds the lease now, expired or not. */
    static Optional<Holder> owner(Connection c, String key) throws SQLException {
        return Rows.query(c, "SELECT " + HOLDER_COLUMNS + " FROM leases WHERE lease_key = ?", JdbcLeases::holder, key)
                .stream().findFirst();
    }

    private static Optional<Holder> holder(Connection c, String key, Instant now) throws SQLException {
        List<Holder> live = Rows.query(c, "SELECT " + HOLDER_COLUMNS + " FROM leases WHERE lease_key = ? AND expires_ns > ?",
                JdbcLeases::holder, key, now);
        return live.stream().findFirst();
    }

    private static Holder holder(java.sql.ResultSet rs) throws SQLException {
        return new Holder(rs.getString(1), rs.getString(2), rs.getString(3), Rows.instant(rs.getLong(4)), rs.getLong(5));
    }
}
