package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.MoveSlots;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Move slots in the {@link StateStore}: one row per running move, alive while its holder has a live lease
 * under the row's coordinator. Taking one locks the table (SQLite: the write lock its IMMEDIATE transaction
 * takes; PostgreSQL: a table lock that conflicts with itself), drops the dead rows, counts and inserts.
 */
public final class JdbcMoveSlots implements MoveSlots {
    private static final String DEAD = "NOT EXISTS (SELECT 1 FROM leases WHERE leases.run_id = move_slots.holder"
            + " AND leases.coordinator = move_slots.coordinator AND leases.expires_ns > ?)";
    private static final String COLUMNS = "holder, coordinator, vm, source, destination";

    private final Database db;
    private final Clock clock;

    JdbcMoveSlots(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<String> take(Slot slot, int cap, int maxPerDestination) {
        Instant now = clock.instant();
        return db.transaction("take a move slot for " + slot.vm(), c -> {
            db.dialect().lockMoveSlots(c);
            Rows.update(c, "DELETE FROM move_slots WHERE " + DEAD, now);
            if (count(c, "holder = ? AND vm = ?", slot.holder(), slot.vm()) > 0) return Optional.<String>empty();
            Optional<String> full = MoveSlots.refusal(count(c, "1 = 1"), count(c, "destination = ?", slot.destination()),
                    slot.destination(), cap, maxPerDestination);
            if (full.isEmpty()) {
                Rows.update(c, "INSERT INTO move_slots (" + COLUMNS + ", taken_ns) VALUES (?, ?, ?, ?, ?, ?)",
                        slot.holder(), slot.coordinator(), slot.vm(), slot.source(), slot.destination(), now);
            }
            return full;
        });
    }

    public void release(String holder, String vm) {
        db.call("release the move slot of " + vm, c -> Rows.update(c, "DELETE FROM move_slots WHERE holder = ? AND vm = ?", holder, vm));
    }

    public void releaseAll(String holder) {
        db.call("release the move slots of " + holder, c -> Rows.update(c, "DELETE FROM move_slots WHERE holder = ?", holder));
    }

    public List<Slot> live() {
        Instant now = clock.instant();
        return db.call("read the move slots", c -> Rows.query(c, "SELECT " + COLUMNS + " FROM move_slots WHERE NOT " + DEAD
                + " ORDER BY taken_ns, vm", rs -> new Slot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5)), now));
    }

    private static int count(Connection c, String where, Object... args) throws SQLException {
        return Rows.query(c, "SELECT COUNT(*) FROM move_slots WHERE " + where, rs -> rs.getInt(1), args).get(0);
    }
}
