package io.vfmigrate.adapters.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/** What differs between the embedded SQLite file and a shared PostgreSQL: connecting, DDL, transactions. */
enum Dialect {
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT",
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name", "BLOB", "BIGINT") {
        Properties connectionProperties() {
            SQLiteConfig config = new SQLiteConfig();
            // another coordinator on this machine may hold the write lock: wait for it instead of failing
            config.setBusyTimeout(10_000);
            return config.toProperties();
        }

        /** Prepared once the file is known to be ours: these pragmas change the file. */
        void prepare(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = FULL");
                st.execute("PRAGMA foreign_keys = ON");
            }
        }

        // IMMEDIATE takes the write lock at BEGIN, so two processes never both read a lease as free;
        // a deferred transaction would fail with SQLITE_BUSY when it upgrades to write under WAL.
        void begin(Connection c) throws SQLException { execute(c, "BEGIN IMMEDIATE"); }

        void commit(Connection c) throws SQLException { execute(c, "COMMIT"); }

        void rollback(Connection c) throws SQLException { execute(c, "ROLLBACK"); }

        void lockSchema(Connection c) {}

        void lockMoveSlots(Connection c) {} // BEGIN IMMEDIATE holds the write lock already
    },

    POSTGRES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
            "BYTEA", "TIMESTAMP WITH TIME ZONE") {
        Properties connectionProperties() {
            Properties p = new Properties();
            p.setProperty("connectTimeout", "10");
            p.setProperty("loginTimeout", "15");
            p.setProperty("ApplicationName", "vfmigrate");
            // A coordinator frozen inside a transaction (SIGSTOP, a long GC pause, a suspended machine) holds the lease rows it
            // locked: the server ends that session after 10 s, so another coordinator can take its run over (and the frozen one,
            // woken, finds its lease gone); and no statement waits on a lock longer than 30 s.
            p.setProperty("options", "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_MS + " -c lock_timeout=" + LOCK_TIMEOUT_MS);
            return p;
        }

        void prepare(Connection c) {}

        void begin(Connection c) throws SQLException { c.setAutoCommit(false); }

        void commit(Connection c) throws SQLException {
            c.commit();
            c.setAutoCommit(true);
        }

        void rollback(Connection c) throws SQLException {
            c.rollback();
            c.setAutoCommit(true);
        }

        /** Coordinators that open a new database at the same moment create its tables one after the other. */
        void lockSchema(Connection c) throws SQLException { execute(c, "SELECT pg_advisory_xact_lock(7246584213)"); }

        /** Two coordinators counting the move slots at once: the second waits for the first's insert to commit. */
        void lockMoveSlots(Connection c) throws SQLException {
            // a coordinator frozen inside its take must not stall the others: after 2 s this take fails and is asked again
            execute(c, "SET LOCAL lock_timeout = '2s'");
            execute(c, "LOCK TABLE move_slots IN SHARE ROW EXCLUSIVE MODE");
        }
    };

    static final int IDLE_IN_TRANSACTION_MS = 10_000;
    static final int LOCK_TIMEOUT_MS = 30_000;

    /** Column type of a growing surrogate key, which keeps insertion order. */
    final String serialKey;
    final String listTables;
    /** Column types of db-scheduler's table. */
    final String blob;
    final String timestamp;

    Dialect(String serialKey, String listTables, String blob, String timestamp) {
        this.serialKey = serialKey;
        this.listTables = listTables;
        this.blob = blob;
        this.timestamp = timestamp;
    }

    Connection connect(String jdbcUrl, PostgresCredentials credentials) throws SQLException {
        DriverLogging.silence();
        Properties p = connectionProperties();
        credentials.addTo(p);
        return DriverManager.getConnection(jdbcUrl, p);
    }

    abstract Properties connectionProperties();

    abstract void prepare(Connection c) throws SQLException;

    abstract void begin(Connection c) throws SQLException;

    abstract void commit(Connection c) throws SQLException;

    abstract void rollback(Connection c) throws SQLException;

    abstract void lockSchema(Connection c) throws SQLException;

    /** Serialises the transactions that take move slots (count, then insert). */
    abstract void lockMoveSlots(Connection c) throws SQLException;

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
