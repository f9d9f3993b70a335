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
 * only overwrites an expired lease or one of the same run and coordinator, inside a transaction that also reads
 * the holder when it did not. Times come from the clock given, not from the database's.
 */
public final class JdbcLeases implements Leases {
    private static final String HOLDER_COLUMNS = "lease_key, run_id, coordinator, expires_ns";
    private static final String TAKE =
            "INSERT INTO leases (" + HOLDER_COLUMNS + ") VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (lease_key) DO UPDATE SET run_id = excluded.run_id,"
                    + " coordinator = excluded.coordinator, expires_ns = excluded.expires_ns"
                    + " WHERE (leases.run_id = excluded.run_id AND leases.coordinator = excluded.coordinator) OR leases.expires_ns <= ?"
                    + " RETURNING run_id";

    private final Database db;
    private final Clock clock;

    JdbcLeases(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<Holder> acquire(String key, String runId, String coordinator, Duration ttl) {
        Instant now = clock.instant();
        return db.transaction("take the lease " + key, c -> {
            boolean taken = !Rows.query(c, TAKE, rs -> rs.getString(1), key, runId, coordinator, now.plus(ttl), now).isEmpty();
            if (taken) return Optional.empty();
            // the upsert locked the row it did not update (PostgreSQL), or the transaction holds the write lock (SQLite)
            return Optional.of(holder(c, key, now).orElseThrow(() ->
                    new IllegalStateException("lease " + key + " was refused, yet has no live holder")));
        });
    }

    public void renew(String runId, Duration ttl) {
        Instant expires = clock.instant().plus(ttl);
        db.call("renew the leases of run " + runId, c -> Rows.update(c,
                "UPDATE leases SET expires_ns = ? WHERE run_id = ?", expires, runId));
    }

    public void release(String key, String runId) {
        db.call("release the lease " + key, c -> Rows.update(c,
                "DELETE FROM leases WHERE lease_key = ? AND run_id = ?", key, runId));
    }

    public void releaseAll(String runId) {
        db.call("release the leases of run " + runId, c -> Rows.update(c, "DELETE FROM leases WHERE run_id = ?", runId));
    }

    public Optional<Holder> holder(String key) {
        Instant now = clock.instant();
        return db.call("read the lease " + key, c -> holder(c, key, now));
    }

    private static Optional<Holder> holder(Connection c, String key, Instant now) throws SQLException {
        List<Holder> live = Rows.query(c, "SELECT " + HOLDER_COLUMNS + " FROM leases WHERE lease_key = ? AND expires_ns > ?",
                rs -> new Holder(rs.getString(1), rs.getString(2), rs.getString(3), Rows.instant(rs.getLong(4))), key, now);
        return live.stream().findFirst();
    }
}
