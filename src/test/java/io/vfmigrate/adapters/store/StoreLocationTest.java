package io.vfmigrate.adapters.store;

import static io.vfmigrate.adapters.store.StoreFixture.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --state values: what is refused, how PostgreSQL credentials are found, and that passwords never show. */
class StoreLocationTest {
    @TempDir Path dir;

    private StoreLocation parse(String spec, Map<String, String> env) { return StoreLocation.parse(spec, env, dir); }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://u:hunter2@db/vfm", "postgres://db/vfm?password=hunter2", "http://db/vfm",
            "file:///var/lib/vfm", "jdbc:mysql://db/vfm?password=hunter2", "jdbc:sqlite:/tmp/x.db"})
    void aUrlThatIsNotASupportedOneIsRefused(String spec) {
        StateStoreException e = assertThrows(StateStoreException.class, () -> parse(spec, Map.of()));
        assertMentions(e.getMessage(), "not supported", "jdbc:postgresql://");
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"p@ss", "p:ss", "p/ss", "a@b:c/d&e", "hunter2"})
    void aPasswordInTheQueryIsRedactedWhateverItHolds(String password) {
        String url = "jdbc:postgresql://db:5432/vfm?user=u&password=" + password + "&ssl=false";
        StoreLocation where = parse(url, Map.of());
        assertFalse(where.display().contains(password), where.display());
        String driverSays = "FATAL: connection to " + url + " failed for password " + password;
        assertFalse(where.explain(new SQLException(driverSays)).contains(password), where.explain(new SQLException(driverSays)));
    }

    @Test
    void aPasswordInTheUserInfoIsTakenOutOfTheUrlAndRedacted() {
        StoreLocation where = parse("jdbc:postgresql://vfm:p@ss/w:rd@db.example:5433/fleet?sslmode=require", Map.of());
        assertEquals("jdbc:postgresql://db.example:5433/fleet?sslmode=require", where.jdbcUrl());
        assertEquals(Optional.of("vfm"), where.credentials().user());
        assertEquals(Optional.of("p@ss/w:rd"), where.credentials().password());
        assertEquals("jdbc:postgresql://vfm:***@db.example:5433/fleet?sslmode=require", where.display());
        assertFalse(where.explain(new SQLException("bad p@ss/w:rd")).contains("p@ss/w:rd"));
    }

    @Test
    void aPercentEncodedPasswordIsDecodedAndRedactedInBothForms() {
        StoreLocation where = parse("jdbc:postgresql://vfm:p%40ss@db/fleet", Map.of());
        assertEquals(Optional.of("p@ss"), where.credentials().password());
        assertFalse(where.explain(new SQLException("x p%40ss y p@ss")).contains("p%40ss"));
        assertFalse(where.explain(new SQLException("x p%40ss y p@ss")).contains("p@ss"));
    }

    @Test
    void thePasswordComesFromPgpasswordWhenTheUrlHasNone() {
        StoreLocation where = parse("jdbc:postgresql://db/fleet?user=vfm", Map.of("PGPASSWORD", "s3cret"));
        assertEquals(Optional.of("s3cret"), where.credentials().password());
        assertFalse(where.explain(new SQLException("s3cret")).contains("s3cret"));
        StoreLocation inUrl = parse("jdbc:postgresql://db/fleet?user=vfm&password=fromurl", Map.of("PGPASSWORD", "s3cret"));
        assertEquals(Optional.empty(), inUrl.credentials().password(), "the URL's password is the driver's to use");
    }

    @Test
    void thePasswordComesFromThePasswordFileWithWildcardsAndEscapes() throws IOException {
        Path file = dir.resolve("pgpass");
        Files.writeString(file, """
                # comment
                other:5432:fleet:vfm:wrong
                db:5432:fleet:other:wrong
                db:*:fleet:vfm:pa\\:ss\\\\word
                *:*:*:*:fallback
                """);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = Map.of("PGPASSFILE", file.toString());
        assertEquals(Optional.of("pa:ss\\word"), parse("jdbc:postgresql://db/fleet?user=vfm", env).credentials().password());
        assertEquals(Optional.of("fallback"), parse("jdbc:postgresql://elsewhere:6000/x?user=y", env).credentials().password());
    }

    @Test
    void theDefaultPasswordFileIsDotPgpassInTheHomeDirectory() throws IOException {
        Path file = dir.resolve(".pgpass");
        Files.writeString(file, "db:5432:fleet:vfm:fromhome\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.of("fromhome"), parse("jdbc:postgresql://db/fleet?user=vfm", Map.of()).credentials().password());
    }

    @Test
    void aPasswordFileReadableByOthersIsIgnoredAsLibpqDoes() throws IOException {
        Path file = dir.resolve(".pgpass");
        Files.writeString(file, "*:*:*:*:open\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Optional.empty(), parse("jdbc:postgresql://db/fleet?user=vfm", Map.of()).credentials().password());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://db", "jdbc:postgresql:fleet", "jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=primary",
            "jdbc:postgresql://[::1]:5432/db?user=u&password=p"})
    void aUrlWithoutUserInfoGoesToTheDriverAsGiven(String url) {
        assertEquals(url, parse(url, Map.of()).jdbcUrl());
    }

    @Test
    void aDirectoryStaysADirectory() {
        StoreLocation where = parse(dir.resolve("state").toString(), Map.of());
        assertEquals(Dialect.SQLITE, where.dialect());
        assertTrue(where.display().endsWith("vfmigrate.db"));
    }
}
