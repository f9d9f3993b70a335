package io.vfmigrate.adapters.store;

import org.junit.jupiter.api.BeforeEach;

class PostgresMaintenancesTest extends MaintenancesContract {
    private TestPostgres database;

    @BeforeEach
    void scratchSchema() { database = TestPostgres.scratch(); }

    protected String location() { return database.url(); }

    protected void dispose() {
        if (database != null) database.close();
    }
}
