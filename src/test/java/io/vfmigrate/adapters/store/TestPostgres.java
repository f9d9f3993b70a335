package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL that tests run on: {@code VFMIGRATE_TEST_PG_URL} (see test-fixtures/postgres/pg).
 * Unset, the tests are skipped on a workstation and fail under CI, which must not skip them silently.
 * Each test gets a schema of its own, dropped after it.
 */
final class TestPostgres implements AutoCloseable {
    static final String URL_VARIABLE = "VFMIGRATE_TEST_PG_URL";
    private final String baseUrl;
    private final String schema = "test_" + UUID.randomUUID().toString().replace("-", "");

    private TestPostgres(String baseUrl) { this.baseUrl = baseUrl; }

    static String baseUrl() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            String how = "run `test-fixtures/postgres/pg up` and `export " + URL_VARIABLE + "=$(test-fixtures/postgres/pg url)`";
            if (System.getenv("CI") != null) fail(URL_VARIABLE + " is unset under CI, so the PostgreSQL store is untested: " + how);
            assumeTrue(false, "PostgreSQL store tests skipped: " + URL_VARIABLE + " is unset; " + how);
        }
        return url;
    }

    /** A new empty schema on the test database. */
    static TestPostgres scratch() {
        TestPostgres pg = new TestPostgres(baseUrl());
        pg.admin("CREATE SCHEMA " + pg.schema);
        return pg;
    }

    /** The store URL: the test database, with the scratch schema as the current one. */
    String url() { return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema; }

    @Override public void close() { admin("DROP SCHEMA " + schema + " CASCADE"); }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + StoreLocation.redact(baseUrl) + ": " + sql + ": " + e.getMessage(), e);
        }
    }
}
