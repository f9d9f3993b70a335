package io.vfmigrate.adapters.store;

import io.vfmigrate.fakes.FakeClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** A fresh, empty store location per test, on SQLite or PostgreSQL; stores opened here are closed after it. */
abstract class StoreFixture {
    protected final FakeClock clock = new FakeClock();
    private final List<StateStore> opened = new ArrayList<>();

    /** The same place during one test; nothing is there before it. */
    protected abstract String location();

    /** Called after the test's stores are closed. */
    protected void dispose() {}

    protected StateStore open() {
        StateStore store = StateStore.open(location(), clock);
        opened.add(store);
        return store;
    }

    /** Runs SQL straight on the store's database, as another program (or a damaged one) would. */
    protected void sql(String... statements) throws SQLException {
        StoreLocation where = StoreLocation.parse(location());
        where.prepare();
        try (Connection c = DriverManager.getConnection(where.jdbcUrl());
             Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        }
    }

    static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            org.junit.jupiter.api.Assertions.assertTrue(message.contains(part), () -> "'" + part + "' missing from: " + message);
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(StateStore::close);
        dispose();
    }
}
