package io.vfmigrate.adapters.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store's one connection, shared by the threads of a coordinator (a run and its lease keeper)
 * one call at a time. A connection that the database dropped is opened again: before a call when it
 * sat idle (a restarted server, or a session the server ended while this process was frozen), and
 * for a transaction that met the drop before its commit, which then runs once more on the new one.
 */
final class Database implements AutoCloseable {
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Unused this long, the connection is checked with a round trip before the next call trusts it. */
    static final long CHECK_AFTER_IDLE_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    private static final int CHECK_TIMEOUT_S = 5;

    private final StoreLocation location;
    private Connection connection;
    private boolean prepared;
    private long lastUsedNs = System.nanoTime();

    private Database(StoreLocation location, Connection connection) {
        this.location = location;
        this.connection = connection;
    }

    static Database connect(StoreLocation location) {
        try {
            return new Database(location, location.dialect().connect(location.jdbcUrl(), location.credentials()));
        } catch (SQLException e) {
            String kind = location.dialect() == Dialect.POSTGRES ? "the PostgreSQL state store " : "the state store ";
            throw new StateStoreException("cannot connect to " + kind + location.display() + ": " + location.explain(e), e);
        }
    }

    StoreLocation location() { return location; }

    Dialect dialect() { return location.dialect(); }

    /** Applies the dialect's settings once the store is known to be ours; again after a reconnect. */
    synchronized void prepare() throws SQLException {
        dialect().prepare(connection);
        prepared = true;
    }

    /** Statements that need no isolation from each other, each committed as it runs. */
    synchronized <T> T call(String what, Work<T> work) {
        try {
            return callOrThrow(work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    synchronized <T> T callOrThrow(Work<T> work) throws SQLException { return work.run(connection()); }

    synchronized <T> T transaction(String what, Work<T> work) {
        try {
            return transactionOrThrow(work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Commits before it returns; rolls back on any failure and rethrows it. A transaction whose connection
     * dropped before the commit was rolled back by the server with the session: it is run once more on a
     * new connection. One that dropped during the commit is not (it may have been committed), unless the
     * server says it ended the session while the transaction sat idle: its commit never ran (a coordinator
     * frozen between its last statement and its commit, past PostgreSQL's idle-in-transaction timeout).
     */
    synchronized <T> T transactionOrThrow(Work<T> work) throws SQLException {
        try {
            return transactionOnce(work);
        } catch (DroppedBeforeCommit dropped) {
            reopen();
            try {
                return transactionOnce(work);
            } catch (DroppedBeforeCommit again) {
                again.getCause().addSuppressed(dropped.getCause());
                throw again.getCause();
            }
        }
    }

    private <T> T transactionOnce(Work<T> work) throws SQLException {
        Connection c = connection();
        boolean committing = false;
        try {
            dialect().begin(c);
            T result = work.run(c);
            committing = true;
            dialect().commit(c);
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                dialect().rollback(c);
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            if (e instanceof SQLException sql && (!committing || endedWhileIdle(sql)) && dropped(c)) throw new DroppedBeforeCommit(sql);
            throw e;
        }
    }

    /** PostgreSQL's idle_in_transaction_session_timeout (SQLSTATE 25P03): the session ended before the commit reached it. */
    private static boolean endedWhileIdle(SQLException e) { return "25P03".equals(e.getSQLState()); }

    private static final class DroppedBeforeCommit extends SQLException {
        DroppedBeforeCommit(SQLException cause) { super(cause.getMessage(), cause.getSQLState(), cause); }

        @Override public synchronized SQLException getCause() { return (SQLException) super.getCause(); }
    }

    private Connection connection() throws SQLException {
        boolean idle = System.nanoTime() - lastUsedNs > CHECK_AFTER_IDLE_NS;
        if (connection.isClosed() || idle && dropped(connection)) reopen();
        lastUsedNs = System.nanoTime();
        return connection;
    }

    private static boolean dropped(Connection c) {
        try {
            return c.isClosed() || !c.isValid(CHECK_TIMEOUT_S);
        } catch (SQLException e) {
            return true;
        }
    }

    private void reopen() throws SQLException {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the old session is gone either way
        }
        connection = dialect().connect(location.jdbcUrl(), location.credentials());
        if (prepared) dialect().prepare(connection);
        lastUsedNs = System.nanoTime();
    }

    private StoreAccessException failure(String what, SQLException e) {
        return new StoreAccessException("state store " + location.display() + ": could not " + what + ": " + location.explain(e), e);
    }

    @Override public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close the connection", e);
        }
    }
}
