package io.vfmigrate.adapters.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteMaintenancesTest extends MaintenancesContract {
    @TempDir Path dir;

    protected String location() { return dir.resolve("state").toString(); }
}
