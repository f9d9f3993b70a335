package io.vfmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir Path dir;

    static String mode(Path p) throws Exception { return PosixFilePermissions.toString(Files.getPosixFilePermissions(p)); }

    @Test
    void createsEachMissingDirectory0700AndLeavesAnExistingOneAsItIs() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path leaf = dir.resolve("a/b/c");
        assertEquals(leaf, PrivateFiles.createDirectories(leaf));
        assertEquals("rwx------", mode(dir.resolve("a")));
        assertEquals("rwx------", mode(dir.resolve("a/b")));
        assertEquals("rwx------", mode(leaf));
        assertEquals("rwxr-xr-x", mode(dir));
        PrivateFiles.createDirectories(leaf); // twice is harmless
    }

    @Test
    void createsAFile0600AndKeepsAnExistingOne() throws Exception {
        Path f = dir.resolve("f");
        PrivateFiles.createFile(f);
        assertEquals("rw-------", mode(f));
        Files.writeString(f, "kept");
        PrivateFiles.createFile(f);
        assertEquals("kept", Files.readString(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.restrict(f);
        assertEquals("rw-------", mode(f));
    }

    @Test
    void namesWhoElseMayWriteWithTheMode() throws Exception {
        Path f = Files.createFile(dir.resolve("f"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Optional.empty(), PrivateFiles.writableByOthers(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals(Optional.of("writable by its group (mode 0664)"), PrivateFiles.writableByOthers(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r---w-"));
        assertEquals(Optional.of("writable by others (mode 0642)"), PrivateFiles.writableByOthers(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.of("writable by its group and by others (mode 0777)"), PrivateFiles.writableByOthers(f));
        assertEquals(Optional.empty(), PrivateFiles.writableByOthers(dir.resolve("missing")));
    }

    @Test
    void aDirectoryWritableByEveryoneShowsItsWholeMode() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.of("mode 0777"), PrivateFiles.writableByEveryone(dir));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertEquals(Optional.empty(), PrivateFiles.writableByEveryone(dir));
    }
}
