package io.vfmigrate.adapters.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * The store's tables, versioned in {@code vfmigrate_schema}. Migrations are applied in order, in
 * place, in one transaction; a store that is foreign, or newer than this code, is refused untouched.
 */
final class Schema {
    static final String VERSION_TABLE = "vfmigrate_schema";

    record Migration(int version, String what, Function<Dialect, List<String>> statements) {}

    /** Ordered: the version of a store is the number of migrations applied to it. Never edit one, add the next. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "runs, journal entries and leases", d -> List.of(
                    "CREATE TABLE runs (seq " + d.serialKey + ", id TEXT NOT NULL UNIQUE, vm TEXT NOT NULL,"
                            + " source TEXT, destination TEXT, workflow TEXT, params TEXT NOT NULL, state TEXT NOT NULL,"
                            + " coordinator TEXT, created_ns BIGINT NOT NULL, updated_ns BIGINT NOT NULL)",
                    "CREATE INDEX runs_by_creation ON runs (created_ns, seq)",
                    "CREATE TABLE journal_entries (seq " + d.serialKey + ", run_id TEXT NOT NULL REFERENCES runs (id),"
                            + " at_ns BIGINT NOT NULL, kind TEXT NOT NULL, step INTEGER NOT NULL, step_type TEXT NOT NULL,"
                            + " detail TEXT NOT NULL, facts TEXT NOT NULL)",
                    "CREATE INDEX journal_entries_by_run ON journal_entries (run_id, seq)",
                    "CREATE TABLE leases (lease_key TEXT PRIMARY KEY, run_id TEXT NOT NULL, coordinator TEXT NOT NULL,"
                            + " expires_ns BIGINT NOT NULL)",
                    "CREATE INDEX leases_by_run ON leases (run_id)")),
            new Migration(2, "lease generations (fencing tokens)", d -> List.of(
                    "ALTER TABLE leases ADD COLUMN generation BIGINT NOT NULL DEFAULT 1")),
            // the same text on SQLite and PostgreSQL
            new Migration(3, "disabled hosts", d -> List.of(
                    "CREATE TABLE disabled_hosts (host TEXT PRIMARY KEY, reason TEXT NOT NULL, disabled_by TEXT NOT NULL,"
                            + " since_ns BIGINT NOT NULL)")),
            // schedules, and db-scheduler's own table (its documented layout; on SQLite its timestamps are epoch milliseconds)
            new Migration(4, "scheduled evacuations", d -> List.of(
                    "CREATE TABLE schedules (id TEXT PRIMARY KEY, host TEXT NOT NULL, kind TEXT NOT NULL, expression TEXT NOT NULL,"
                            + " zone TEXT NOT NULL, window_ms BIGINT, options TEXT NOT NULL, created_ns BIGINT NOT NULL,"
                            + " created_by TEXT NOT NULL, last_planned_ns BIGINT, last_evacuation TEXT, last_result TEXT,"
                            + " running_ns BIGINT)",
                    "CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data " + d.blob + ","
                            + " execution_time " + d.timestamp + " NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
                            + " last_success " + d.timestamp + ", last_failure " + d.timestamp + ", consecutive_failures INT,"
                            + " last_heartbeat " + d.timestamp + ", version BIGINT NOT NULL, priority SMALLINT,"
                            + " PRIMARY KEY (task_name, task_instance))",
                    "CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time)",
                    "CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat)")),
            // a move slot lives while its holder (a run or an evacuation) has a live lease under the same coordinator
            new Migration(5, "move slots (the inventory-wide cap on concurrent moves)", d -> List.of(
                    "CREATE TABLE move_slots (holder TEXT NOT NULL, coordinator TEXT NOT NULL, vm TEXT NOT NULL,"
                            + " source TEXT NOT NULL, destination TEXT NOT NULL, taken_ns BIGINT NOT NULL, PRIMARY KEY (holder, vm))",
                    "CREATE INDEX move_slots_by_destination ON move_slots (destination)")),
            // one open record per host: the partial unique index (SQLite and PostgreSQL both have them)
            new Migration(6, "maintenance records and their origin maps", d -> List.of(
                    "CREATE TABLE maintenances (id TEXT PRIMARY KEY, host TEXT NOT NULL, since_ns BIGINT NOT NULL, started_by TEXT NOT NULL,"
                            + " evacuation TEXT, entered_ns BIGINT, return_run TEXT, closed_ns BIGINT, closed_how TEXT NOT NULL DEFAULT '')",
                    "CREATE UNIQUE INDEX maintenances_open_per_host ON maintenances (host) WHERE closed_ns IS NULL",
                    "CREATE TABLE maintenance_origins (maintenance TEXT NOT NULL REFERENCES maintenances (id), vm TEXT NOT NULL,"
                            + " left_host TEXT NOT NULL, went_to TEXT NOT NULL, run_id TEXT NOT NULL, workflow TEXT NOT NULL,"
                            + " running INTEGER NOT NULL, uuid TEXT NOT NULL, PRIMARY KEY (maintenance, vm))")),
            // what a schedule runs; the rows before it are evacuations. The new version also keeps an older vfmigrate (a `serve`
            // sharing the store) from reading a scheduled rolling as an evacuation of no host: it refuses the newer store.
            new Migration(7, "scheduled rolling maintenances", d -> List.of(
                    "ALTER TABLE schedules ADD COLUMN action TEXT NOT NULL DEFAULT 'evacuate'")));

    static final int CURRENT_VERSION = MIGRATIONS.size();

    private Schema() {}

    /** Checks that the store is ours (or empty), then brings it to {@link #CURRENT_VERSION}. */
    static void open(Database db) throws SQLException {
        // checked before anything is written: preparing SQLite switches the file to WAL
        db.callOrThrow(c -> {
            refuseForeign(db, tables(c, db.dialect()));
            return null;
        });
        db.prepare();
        db.transactionOrThrow(c -> {
            db.dialect().lockSchema(c);
            List<String> tables = tables(c, db.dialect());
            refuseForeign(db, tables);
            if (!tables.contains(VERSION_TABLE)) {
                Rows.update(c, "CREATE TABLE " + VERSION_TABLE + " (version INTEGER NOT NULL)");
                Rows.update(c, "INSERT INTO " + VERSION_TABLE + " (version) VALUES (0)");
            }
            migrate(c, db, version(c, db));
            return null;
        });
    }

    private static void migrate(Connection c, Database db, int from) throws SQLException {
        if (from > CURRENT_VERSION) {
            throw new StateStoreException("the state store " + db.location().display() + " has schema version " + from
                    + ", but this vfmigrate knows versions up to " + CURRENT_VERSION + ": use a newer vfmigrate");
        }
        for (Migration m : MIGRATIONS.subList(from, CURRENT_VERSION)) {
            for (String sql : m.statements().apply(db.dialect())) Rows.update(c, sql);
            Rows.update(c, "UPDATE " + VERSION_TABLE + " SET version = ?", m.version());
        }
    }

    /** No table at all in the store's database (or schema): nothing of vfmigrate's, nothing of anyone's. */
    static boolean isEmpty(Database db) throws SQLException {
        return db.callOrThrow(c -> tables(c, db.dialect()).isEmpty());
    }

    private static int version(Connection c, Database db) throws SQLException {
        List<Integer> versions = Rows.query(c, "SELECT version FROM " + VERSION_TABLE, rs -> rs.getInt(1));
        if (versions.size() != 1) {
            throw new StateStoreException("the state store " + db.location().display() + " is damaged: " + VERSION_TABLE
                    + " holds " + versions.size() + " versions instead of one");
        }
        return versions.get(0);
    }

    private static List<String> tables(Connection c, Dialect dialect) throws SQLException {
        return Rows.query(c, dialect.listTables, rs -> rs.getString(1).toLowerCase(java.util.Locale.ROOT));
    }

    private static void refuseForeign(Database db, List<String> tables) {
        if (tables.isEmpty() || tables.contains(VERSION_TABLE)) return;
        throw new StateStoreException(db.location().display() + " is not a vfmigrate state store: it holds tables "
                + String.join(", ", tables) + " but no " + VERSION_TABLE + " table; give --state another place");
    }
}
