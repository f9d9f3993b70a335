package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.HostFlags;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Disabled hosts in the {@link StateStore}: one row per disabled host; a second disable keeps the first row. */
public final class JdbcHostFlags implements HostFlags {
    private final Database db;
    private final Clock clock;

    JdbcHostFlags(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Map<String, Disabled> disabled() {
        return db.call("read the disabled hosts", c -> {
            Map<String, Disabled> out = new LinkedHashMap<>();
            Rows.query(c, "SELECT host, reason, disabled_by, since_ns FROM disabled_hosts ORDER BY host",
                    rs -> new Disabled(rs.getString(1), rs.getString(2), rs.getString(3), Rows.instant(rs.getLong(4))))
                    .forEach(d -> out.put(d.host(), d));
            return out;
        });
    }

    public void disable(String host, String reason, String by) {
        db.call("disable host " + host, c -> Rows.update(c,
                "INSERT INTO disabled_hosts (host, reason, disabled_by, since_ns) VALUES (?, ?, ?, ?) ON CONFLICT (host) DO NOTHING",
                host, reason, by, clock.instant()));
    }

    public void enable(String host) {
        db.call("enable host " + host, c -> Rows.update(c, "DELETE FROM disabled_hosts WHERE host = ?", host));
    }
}
