package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.LeaseLostException;
import io.vfmigrate.ports.Leases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A coordinator outlives a dropped connection (a restarted server, a session ended by the server while the process was frozen). */
class PostgresReconnectTest extends StoreFixture {
    private TestPostgres database;

    @BeforeEach
    void scratchSchema() { database = TestPostgres.scratch(); }

    protected String location() { return database.url() + "&ApplicationName=" + applicationName(); }

    protected void dispose() {
        if (database != null) database.close();
    }

    @Test
    void aConnectionTheServerDroppedWhileItWasIdleIsOpenedAgainBeforeTheNextCall() throws Exception {
        Leases leases = open().leases();
        leases.acquire("vm:web-1", "r1", "coord-1", Duration.ofSeconds(60));
        terminateStoreConnections();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Database.CHECK_AFTER_IDLE_NS) + 200);
        assertEquals("r1", leases.holder("vm:web-1").orElseThrow().runId());
        assertEquals(Optional.empty(), leases.acquire("vm:web-2", "r1", "coord-1", Duration.ofSeconds(60)));
    }

    @Test
    void aTransactionWhoseConnectionDroppedBeforeItsCommitRunsOnceMoreOnANewConnection() {
        Database db = Database.connect(StoreLocation.parse(location()));
        try (db) {
            db.call("create a table", c -> Rows.update(c, "CREATE TABLE marks (n INT)"));
            AtomicInteger attempts = new AtomicInteger();
            int inserted = db.transaction("insert a mark", c -> {
                Rows.update(c, "INSERT INTO marks VALUES (?)", attempts.incrementAndGet());
                if (attempts.get() == 1) terminate("pid = " + backendPid(c));
                return Rows.update(c, "INSERT INTO marks VALUES (?)", 10 + attempts.get());
            });
            assertEquals(1, inserted);
            assertEquals(2, attempts.get(), "run again after the drop");
            assertEquals(List.of(2, 12), db.call("read the marks", c -> Rows.query(c, "SELECT n FROM marks ORDER BY n", rs -> rs.getInt(1))),
                    "nothing of the dropped attempt was committed");
        }
    }

    /**
     * LabLeaseTest on two lab pods: a coordinator frozen between the statements of a journal write and its commit, past the
     * server's idle-in-transaction timeout. The server ended the session before the commit arrived: nothing was committed,
     * so the transaction runs once more on a new connection (where a fenced write then finds its lease lost).
     */
    @Test
    void aTransactionWhoseSessionEndedWhileIdleBeforeItsCommitRunsOnceMore() {
        Database db = Database.connect(StoreLocation.parse(location()));
        try (db) {
            db.call("create a table", c -> Rows.update(c, "CREATE TABLE marks (n INT)"));
            AtomicInteger attempts = new AtomicInteger();
            int inserted = db.transaction("insert a mark", c -> {
                if (attempts.incrementAndGet() == 1) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET idle_in_transaction_session_timeout = '200ms'");
                    }
                }
                int n = Rows.update(c, "INSERT INTO marks VALUES (?)", attempts.get());
                if (attempts.get() == 1) sleep(1500); // idle in the transaction until the server ends the session
                return n;
            });
            assertEquals(1, inserted);
            assertEquals(2, attempts.get(), "run again on a new connection");
            assertEquals(List.of(2), db.call("read the marks", c -> Rows.query(c, "SELECT n FROM marks ORDER BY n", rs -> rs.getInt(1))),
                    "nothing of the first attempt was committed");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The CI failure of LabLeaseTest: a coordinator frozen inside a lease renewal; the server ends its session after 10 s, another
     * coordinator takes its run over; woken, its next fenced journal write finds the lease lost (not a broken store).
     */
    @Test
    void aCoordinatorWhoseSessionWasEndedWhileFrozenFindsItsLeaseLostOnWaking() throws SQLException {
        StateStore frozen = open();
        Duration ttl = Duration.ofSeconds(2);
        assertEquals(Optional.empty(), frozen.leases().acquire("vm:web-1", "r1", "coord-1", ttl));
        Leases.Fence fence = frozen.leases().fence("vm:web-1", "r1", "coord-1").orElseThrow();
        var journal = frozen.journal().fenced(fence);
        journal.create(new RunRecord("r1", "web-1", "hostA", "hostB", "naive", Map.of(), RunState.RUNNING, "coord-1", clock.instant(), clock.instant()));
        terminateStoreConnections();

        clock.sleep(ttl.plusSeconds(1));
        StateStore other = StateStore.open(database.url(), clock);
        try (other) {
            assertEquals(Optional.empty(), other.leases().acquire("vm:web-1", "r1", "coord-2", ttl));
            LeaseLostException e = assertThrows(LeaseLostException.class,
                    () -> journal.append("r1", new JournalEntry(clock.instant(), JournalEntry.Kind.STATE, -1, "", "late", Map.of())));
            assertMentions(e.getMessage(), "lost the lease of run r1 to coordinator coord-2");
        }
    }

    @Test
    void aSessionFrozenInsideATransactionIsEndedByTheServerAndLocksAreNotWaitedForever() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.baseUrl(), Dialect.POSTGRES.connectionProperties());
             Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT current_setting('idle_in_transaction_session_timeout'), current_setting('lock_timeout')");
            rs.next();
            assertEquals("10s", rs.getString(1));
            assertEquals("30s", rs.getString(2));
        }
    }

    /** A coordinator frozen in the middle of a transaction (here: one holding the leases table) does not block the others for good. */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aCoordinatorFrozenInsideATransactionBlocksTheOthersForSecondsNotForever() throws SQLException {
        Leases leases = open().leases();
        try (Connection frozen = DriverManager.getConnection(database.url(), Dialect.POSTGRES.connectionProperties());
             Statement st = frozen.createStatement()) {
            frozen.setAutoCommit(false);
            st.execute("LOCK TABLE leases IN ACCESS EXCLUSIVE MODE");   // and then nothing: frozen
            long start = System.nanoTime();
            assertEquals(Optional.empty(), leases.acquire("vm:web-1", "r1", "coord-1", Duration.ofSeconds(60)));
            long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            org.junit.jupiter.api.Assertions.assertTrue(seconds >= 5 && seconds < 30, "waited " + seconds + " s");
        }
    }

    private String applicationName() { return "vfm-reconnect-" + Integer.toHexString(System.identityHashCode(this)); }

    private void terminateStoreConnections() throws SQLException { terminate("application_name = '" + applicationName() + "'"); }

    private static void terminate(String which) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.baseUrl()); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE " + which);
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        return Rows.query(c, "SELECT pg_backend_pid()", rs -> rs.getInt(1)).get(0);
    }
}
