package io.vfmigrate.adapters.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store's one connection, shared by the threads of a coordinator (a run and its lease keeper)
 * one call at a time. A connection that the database dropped is opened again on the next call.
 */
final class Database implements AutoCloseable {
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final StoreLocation location;
    private Connection connection;
    private boolean prepared;

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

    /** Commits before it returns; rolls back on any failure and rethrows it. */
    synchronized <T> T transactionOrThrow(Work<T> work) throws SQLException {
        Connection c = connection();
        dialect().begin(c);
        try {
            T result = work.run(c);
            dialect().commit(c);
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                dialect().rollback(c);
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection.isClosed()) {
            connection = dialect().connect(location.jdbcUrl(), location.credentials());
            if (prepared) dialect().prepare(connection);
        }
        return connection;
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
