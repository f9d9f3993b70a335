package io.vfmigrate.adapters.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteServeClusterTest extends ServeClusterContract {
    @TempDir Path dir;

    protected String location() { return dir.resolve("state").toString(); }
}
