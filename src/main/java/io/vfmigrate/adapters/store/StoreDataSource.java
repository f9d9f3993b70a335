package io.vfmigrate.adapters.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections of their own to the state store, for a library that manages them (db-scheduler): each
 * call opens one, as the dialect opens the store's (SQLite's busy timeout, PostgreSQL's timeouts).
 */
final class StoreDataSource implements DataSource {
    private final StoreLocation where;

    StoreDataSource(StoreLocation where) { this.where = where; }

    public Connection getConnection() throws SQLException {
        Connection c = where.dialect().connect(where.jdbcUrl(), where.credentials());
        where.dialect().prepare(c);
        return c;
    }

    public Connection getConnection(String user, String password) throws SQLException { return getConnection(); }

    public PrintWriter getLogWriter() { return null; }

    public void setLogWriter(PrintWriter out) {}

    public void setLoginTimeout(int seconds) {}

    public int getLoginTimeout() { return 0; }

    public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }

    public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }

    public boolean isWrapperFor(Class<?> iface) { return false; }
}
