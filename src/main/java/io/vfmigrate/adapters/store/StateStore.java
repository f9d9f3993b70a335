package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The durable run store behind {@code --state}: the journal and the leases, in an embedded SQLite
 * file in a directory (coordinators on one machine share it through file locks) or in PostgreSQL
 * (coordinators on several machines). Open it once per process; it is safe for several threads.
 */
public final class StateStore implements AutoCloseable {
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private final Database db;
    private final JdbcJournal journal;
    private final JdbcLeases leases;
    private final JdbcHostFlags hostFlags;

    private StateStore(Database db, Clock clock) {
        this.db = db;
        this.journal = new JdbcJournal(db, clock);
        this.leases = new JdbcLeases(db, clock);
        this.hostFlags = new JdbcHostFlags(db, clock);
    }

    /**
     * Opens the store at {@code location} (a directory, or a {@code jdbc:postgresql://} URL; null or
     * blank for {@link #defaultLocation()}), creating the directory and the tables when missing and
     * migrating older tables in place.
     *
     * @throws StateStoreException when the store is unreachable, foreign, damaged or newer than this code
     */
    public static StateStore open(String location, Clock clock) {
        String spec = location == null || location.isBlank() ? defaultLocation().toString() : location;
        StoreLocation where = StoreLocation.parse(spec);
        where.prepare();
        Database db = Database.connect(where);
        try {
            Schema.open(db);
            return new StateStore(db, clock);
        } catch (SQLException e) {
            closeAfterFailure(db, e);
            throw refusal(where, e);
        } catch (RuntimeException e) {
            closeAfterFailure(db, e);
            throw e;
        }
    }

    /** {@code $XDG_STATE_HOME/vfmigrate}, or {@code ~/.local/state/vfmigrate} when that is unset. */
    public static Path defaultLocation() {
        return defaultLocation(System.getenv("XDG_STATE_HOME"), Path.of(System.getProperty("user.home")));
    }

    static Path defaultLocation(String xdgStateHome, Path home) {
        // the XDG spec says a relative path is invalid and to be ignored
        if (xdgStateHome != null && !xdgStateHome.isBlank() && Path.of(xdgStateHome).isAbsolute()) {
            return Path.of(xdgStateHome, "vfmigrate");
        }
        return home.resolve(".local/state/vfmigrate");
    }

    public Journal journal() { return journal; }

    public Leases leases() { return leases; }

    public io.vfmigrate.ports.HostFlags hostFlags() { return hostFlags; }

    /** The store's place for messages: the database file, or the URL without its password. */
    public String location() { return db.location().display(); }

    @Override public void close() { db.close(); }

    @Override public String toString() { return "state store " + location(); }

    private static StateStoreException refusal(StoreLocation where, SQLException e) {
        boolean notOurs = where.dialect() == Dialect.SQLITE
                && (e.getErrorCode() == SQLITE_NOTADB || e.getErrorCode() == SQLITE_CORRUPT);
        String message = notOurs
                ? where.display() + " is not a vfmigrate state store (not a readable SQLite database: " + where.explain(e) + ")"
                : "cannot open the state store " + where.display() + ": " + where.explain(e);
        return new StateStoreException(message, e);
    }

    private static void closeAfterFailure(Database db, Exception failure) {
        try {
            db.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
