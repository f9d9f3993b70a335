package io.vfmigrate.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;

/**
 * Files that only their owner may change. vfmigrate's own (the state directory, its database and logs)
 * are created owner-only whatever the umask: directories 0700, files 0600. The ones that decide what
 * runs as this user (the inventory, workflows, the state store) are refused when others may write them.
 * On a file system without POSIX modes nothing is set or refused.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final int GROUP_WRITE = 0020;
    private static final int OTHERS_WRITE = 0002;

    private PrivateFiles() {}

    /** Creates {@code dir} and each missing parent 0700 (one that exists is left as it is); returns {@code dir}. */
    public static Path createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) missing.push(p);
        for (Path p : missing) {
            try {
                Files.createDirectory(p, owner(p, DIRECTORY));
                setMode(p, DIRECTORY);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) throw e; // else another process made it first
            }
        }
        return dir;
    }

    /** Creates {@code file} 0600 unless it exists. */
    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, owner(file, FILE));
            setMode(file, FILE);
        } catch (FileAlreadyExistsException e) {
            // an existing file keeps its mode (one that others may write is refused by whoever reads it)
        }
    }

    /** Makes an existing file 0600 (one created by a library with the umask's mode). */
    public static void restrict(Path file) throws IOException { setMode(file, FILE); }

    /**
     * Who besides the owner may write {@code path}, e.g. {@code "writable by its group and by others
     * (mode 0777)"}; empty when no one else may, when it does not exist, or without POSIX modes.
     */
    public static Optional<String> writableByOthers(Path path) {
        Optional<Integer> mode = mode(path);
        if (mode.isEmpty()) return Optional.empty();
        boolean group = (mode.get() & GROUP_WRITE) != 0;
        boolean others = (mode.get() & OTHERS_WRITE) != 0;
        if (!group && !others) return Optional.empty();
        String who = group && others ? "its group and by others" : group ? "its group" : "others";
        return Optional.of("writable by " + who + " (mode " + octal(mode.get()) + ")");
    }

    /** The mode of a directory that every user may write (as {@code /tmp}), e.g. {@code "mode 1777"}; else empty. */
    public static Optional<String> writableByEveryone(Path dir) {
        return mode(dir).filter(m -> (m & OTHERS_WRITE) != 0).map(m -> "mode " + octal(m));
    }

    private static Optional<Integer> mode(Path path) {
        try {
            return Optional.of((Integer) Files.getAttribute(path, "unix:mode") & 07777);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String octal(int mode) { return String.format("%04o", mode); }

    private static FileAttribute<?>[] owner(Path p, Set<PosixFilePermission> mode) {
        return posix(p) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    /** Set after creation as well: the mode given to creation is cut by the umask. */
    private static void setMode(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (posix(p)) Files.setPosixFilePermissions(p, mode);
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
