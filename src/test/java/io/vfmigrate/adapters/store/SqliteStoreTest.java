package io.vfmigrate.adapters.store;

import static io.vfmigrate.adapters.store.StoreFixture.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store does: its directory, its file, and its default place. */
class SqliteStoreTest {
    @TempDir Path dir;

    @Test
    void missingDirectoriesAreCreatedAndTheFileIsInWalMode() throws SQLException {
        Path state = dir.resolve("a/b/vfmigrate");
        try (StateStore store = StateStore.open(state.toString(), Clock.systemUTC())) {
            assertEquals(state.resolve("vfmigrate.db").toString(), store.location());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("vfmigrate.db"));
             ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws IOException {
        Path db = dir.resolve("vfmigrate.db");
        byte[] garbage = "this is not an SQLite database, but a file of something else\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        Files.write(db, garbage);
        StateStoreException e = assertThrows(StateStoreException.class, () -> StateStore.open(dir.toString(), Clock.systemUTC()));
        assertMentions(e.getMessage(), db.toString(), "is not a vfmigrate state store");
        assertArrayEquals(garbage, Files.readAllBytes(db));
    }

    @Test
    void aStateThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("state"), "x");
        StateStoreException e = assertThrows(StateStoreException.class, () -> StateStore.open(file.toString(), Clock.systemUTC()));
        assertMentions(e.getMessage(), file.toString(), "is a file, not a directory");
    }

    @Test
    void aJdbcUrlOtherThanPostgresqlIsRefused() {
        StateStoreException e = assertThrows(StateStoreException.class,
                () -> StateStore.open("jdbc:mysql://db/vfm?user=u&password=hunter2", Clock.systemUTC()));
        assertMentions(e.getMessage(), "jdbc:mysql://db/vfm", "password=***");
        assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void theDefaultPlaceFollowsXdgStateHome() {
        Path home = Path.of("/home/op");
        assertEquals(Path.of("/var/state/vfmigrate"), StateStore.defaultLocation("/var/state", home));
        assertEquals(Path.of("/home/op/.local/state/vfmigrate"), StateStore.defaultLocation(null, home));
        assertEquals(Path.of("/home/op/.local/state/vfmigrate"), StateStore.defaultLocation("", home));
        assertEquals(Path.of("/home/op/.local/state/vfmigrate"), StateStore.defaultLocation("relative/state", home));
    }

    @Test
    void theRunLogGoesToTheStoresDirectoryTheDefaultOneWithoutState() {
        // without --state, the directory of the run log is the default store's (it threw before, and every run warned)
        assertEquals(Optional.of(StateStore.defaultLocation()), StateStore.directory(null));
        assertEquals(Optional.of(StateStore.defaultLocation()), StateStore.directory(""));
        assertEquals(Optional.of(Path.of("/srv/vfm")), StateStore.directory("/srv/vfm"));
        assertEquals(Optional.empty(), StateStore.directory("jdbc:postgresql://db.example/vfm"));
    }
}
