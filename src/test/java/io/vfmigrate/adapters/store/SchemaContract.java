package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Versioning and refusals that every store does; run on SQLite and on PostgreSQL by the subclasses. */
abstract class SchemaContract extends StoreFixture {
    @Test
    void aNewStoreIsAtTheCurrentVersionAndReopeningKeepsIt() throws SQLException {
        open().close();
        assertEquals(Schema.CURRENT_VERSION, storedVersion());
        open().close();
        assertEquals(Schema.CURRENT_VERSION, storedVersion());
    }

    @Test
    void anOlderStoreIsMigratedInPlace() throws SQLException {
        sql("CREATE TABLE vfmigrate_schema (version INTEGER NOT NULL)", "INSERT INTO vfmigrate_schema (version) VALUES (0)");
        StateStore store = open();
        assertEquals(Schema.CURRENT_VERSION, storedVersion());
        store.journal().create(new RunRecord("r1", "web-1", "a", "b", "naive", Map.of(), RunState.PENDING, "c",
                clock.instant(), clock.instant()));
        assertEquals(1, store.journal().runs(true).size());
    }

    @Test
    void aStoreNewerThanThisCodeIsRefusedNamingBothVersions() throws SQLException {
        open().close();
        sql("UPDATE vfmigrate_schema SET version = 99");
        StateStoreException e = assertThrows(StateStoreException.class, this::open);
        assertMentions(e.getMessage(), "schema version 99", "knows versions up to " + Schema.CURRENT_VERSION,
                StoreLocation.parse(location()).display());
        assertEquals(99, storedVersion());
    }

    @Test
    void aDatabaseOfAnotherProgramIsRefusedAndLeftAlone() throws SQLException {
        sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount INTEGER)", "INSERT INTO invoices VALUES (1, 100)");
        StateStoreException e = assertThrows(StateStoreException.class, this::open);
        assertMentions(e.getMessage(), "is not a vfmigrate state store", "invoices", "vfmigrate_schema");
        assertEquals(List.of("invoices"), tables());
    }

    @Test
    void aDamagedVersionTableIsRefused() throws SQLException {
        sql("CREATE TABLE vfmigrate_schema (version INTEGER NOT NULL)");
        StateStoreException e = assertThrows(StateStoreException.class, this::open);
        assertMentions(e.getMessage(), "damaged", "0 versions");
    }

    @Test
    void coordinatorsOpeningANewStoreAtOnceAllSucceed() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<StateStore>> opening = new ArrayList<>();
            for (int i = 0; i < 3; i++) opening.add(threads.submit(this::open));
            for (Future<StateStore> f : opening) f.get();
        } finally {
            threads.shutdownNow();
        }
        assertEquals(Schema.CURRENT_VERSION, storedVersion());
    }

    private int storedVersion() throws SQLException {
        try (Connection c = DriverManager.getConnection(StoreLocation.parse(location()).jdbcUrl());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version FROM vfmigrate_schema")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> tables() throws SQLException {
        String sql = StoreLocation.parse(location()).dialect().listTables;
        try (Connection c = DriverManager.getConnection(StoreLocation.parse(location()).jdbcUrl());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> names = new ArrayList<>();
            while (rs.next()) names.add(rs.getString(1));
            return names;
        }
    }
}
