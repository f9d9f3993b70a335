package io.vfmigrate.adapters.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteMoveSlotsTest extends MoveSlotsContract {
    @TempDir Path dir;

    protected String location() { return dir.resolve("state").toString(); }
}
