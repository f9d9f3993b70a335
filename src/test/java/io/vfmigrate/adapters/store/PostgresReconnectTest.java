package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.ports.Leases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A coordinator outlives a dropped connection (a restarted server): the call that meets it fails, the next one reconnects. */
class PostgresReconnectTest extends StoreFixture {
    private TestPostgres database;

    @BeforeEach
    void scratchSchema() { database = TestPostgres.scratch(); }

    protected String location() { return database.url() + "&ApplicationName=" + applicationName(); }

    protected void dispose() {
        if (database != null) database.close();
    }

    @Test
    void afterTheServerDroppedTheConnectionTheNextCallReconnects() throws SQLException {
        Leases leases = open().leases();
        leases.acquire("vm:web-1", "r1", "coord-1", Duration.ofSeconds(60));
        terminateStoreConnections();
        StoreAccessException e = assertThrows(StoreAccessException.class, () -> leases.holder("vm:web-1"));
        assertMentions(e.getMessage(), "could not read the lease vm:web-1");
        assertEquals("r1", leases.holder("vm:web-1").orElseThrow().runId());
        assertEquals(Optional.empty(), leases.acquire("vm:web-2", "r1", "coord-1", Duration.ofSeconds(60)));
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

    private void terminateStoreConnections() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.baseUrl()); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + applicationName() + "'");
        }
    }
}
