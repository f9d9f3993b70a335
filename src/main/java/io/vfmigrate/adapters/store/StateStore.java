package io.vfmigrate.adapters.store;

import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.HostFlags;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.MoveSlots;
import io.vfmigrate.ports.Schedules;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The durable run store behind {@code --state}: the journal and the leases, in an embedded SQLite
 * file in a directory (coordinators on one machine share it through file locks) or in PostgreSQL
 * (coordinators on several machines). Open it once per process; it is safe for several threads.
 */
public final class StateStore implements AutoCloseable {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_PROTOCOL = 15;
    private static final int CREATION_ATTEMPTS = 6;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private final Database db;
    private final JdbcJournal journal;
    private final JdbcLeases leases;
    private final JdbcHostFlags hostFlags;
    private final JdbcSchedules schedules;
    private final JdbcMoveSlots moveSlots;
    private final JdbcMaintenances maintenances;

    private StateStore(Database db, Clock clock) {
        this.db = db;
        this.journal = new JdbcJournal(db, clock);
        this.leases = new JdbcLeases(db, clock);
        this.hostFlags = new JdbcHostFlags(db, clock);
        this.schedules = new JdbcSchedules(db);
        this.moveSlots = new JdbcMoveSlots(db, clock);
        this.maintenances = new JdbcMaintenances(db);
    }

    /**
     * Opens the store at {@code location} (a directory, or a {@code jdbc:postgresql://} URL; null or
     * blank for {@link #defaultLocation()}), creating the directory and the tables when missing and
     * migrating older tables in place.
     *
     * @throws StateStoreException when the store is unreachable, foreign, damaged or newer than this code
     */
    public static StateStore open(String location, Clock clock) {
        StoreLocation where = StoreLocation.parse(spec(location));
        where.prepare();
        return open(where, clock);
    }

    /**
     * The store at {@code location} opened only when a command uses it: reads of a store that does
     * not exist yet see an empty one and create nothing; the first write creates it. The location
     * itself is checked at once (an unsupported URL is refused here).
     */
    public static StoreOnDemand onDemand(String location, Clock clock) {
        return new StoreOnDemand(StoreLocation.parse(spec(location)), clock);
    }

    private static String spec(String location) {
        return location == null || location.isBlank() ? defaultLocation().toString() : location;
    }

    static StateStore open(StoreLocation where, Clock clock) {
        where.emptyFileLeftBehind().ifPresent(file -> {
            // SQLite would take it for a new database and write its tables into it: a file truncated or made by something else
            throw new StateStoreException("the state store " + file + " is an empty file, not a vfmigrate store (a new store is a"
                    + " directory without " + StoreLocation.DATABASE_FILE + "); move it away or restore it from a backup");
        });
        for (int attempt = 1; ; attempt++) {
            try {
                return openOnce(where, clock);
            } catch (StateStoreException e) {
                if (attempt >= CREATION_ATTEMPTS || !creationRace(where, e)) throw e;
                pause(attempt);
            }
        }
    }

    /**
     * SQLite processes creating one new file at the same moment may trip over each other while it
     * switches to WAL (busy, a journal file deleted by the other, a lock protocol error, a header read
     * half-written). Opening
     * changes nothing until its one schema transaction, so it is simply tried again.
     */
    private static boolean creationRace(StoreLocation where, StateStoreException e) {
        if (where.dialect() != Dialect.SQLITE || !(e.getCause() instanceof SQLException sql)) return false;
        int primary = sql.getErrorCode() & 0xff;
        // a reader can also see a transient "malformed" header then; a really damaged file stays so and is refused
        return primary == SQLITE_BUSY || primary == SQLITE_IOERR || primary == SQLITE_PROTOCOL || primary == SQLITE_CORRUPT;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextInt(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("interrupted while opening the state store", e);
        }
    }

    private static StateStore openOnce(StoreLocation where, Clock clock) {
        Database db = Database.connect(where);
        try {
            Schema.open(db);
            if (where.dialect() == Dialect.SQLITE) checkIntegrity(db);
            return new StateStore(db, clock);
        } catch (SQLException e) {
            closeAfterFailure(db, e);
            throw refusal(where, e);
        } catch (RuntimeException e) {
            closeAfterFailure(db, e);
            throw e;
        }
    }

    /** The store if it exists, without creating anything when it does not (no directory, file or table). */
    static java.util.Optional<StateStore> openExisting(StoreLocation where, Clock clock) {
        if (!where.fileExists()) return java.util.Optional.empty();
        if (where.dialect() == Dialect.POSTGRES) {
            Database probe = Database.connect(where);
            try {
                if (Schema.isEmpty(probe)) return java.util.Optional.empty();
            } catch (SQLException e) {
                throw refusal(where, e);
            } finally {
                probe.close();
            }
        }
        return java.util.Optional.of(open(where, clock));
    }

    /** A damaged file (truncated, overwritten in part) is refused now rather than failing in the middle of a run. */
    private static void checkIntegrity(Database db) throws SQLException {
        java.util.List<String> problems = db.callOrThrow(c -> Rows.query(c, "PRAGMA quick_check", rs -> rs.getString(1)));
        if (!problems.equals(java.util.List.of("ok"))) {
            throw new StateStoreException("the state store " + db.location().display() + " is damaged (SQLite's quick_check: "
                    + Printable.quote(String.join("; ", problems)) + "); move it away or restore it from a backup");
        }
    }

    /** The directory of a directory store (where its log goes), the default one without a location; empty for a database URL. */
    public static java.util.Optional<Path> directory(String location) {
        return StoreLocation.parse(spec(location)).directory();
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

    public HostFlags hostFlags() { return hostFlags; }

    public Schedules schedules() { return schedules; }

    public MoveSlots moveSlots() { return moveSlots; }

    public io.vfmigrate.ports.Maintenances maintenances() { return maintenances; }

    /** The store's place for messages: the database file, or the URL without its password. */
    public String location() { return db.location().display(); }

    @Override public void close() { db.close(); }

    @Override public String toString() { return "state store " + location(); }

    private static StateStoreException refusal(StoreLocation where, SQLException e) {
        boolean sqlite = where.dialect() == Dialect.SQLITE;
        String message = sqlite && e.getErrorCode() == SQLITE_NOTADB
                ? where.display() + " is not a vfmigrate state store (not a readable SQLite database: " + where.explain(e) + ")"
                : sqlite && e.getErrorCode() == SQLITE_CORRUPT
                ? "the state store " + where.display() + " is damaged (" + where.explain(e) + "); move it away or restore it from a backup"
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
