package io.vfmigrate.adapters.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the run store is, from the {@code --state} value: a directory holding {@value #DATABASE_FILE},
 * or a {@code jdbc:postgresql:} URL. {@code display} names it in messages, without a password.
 */
record StoreLocation(Dialect dialect, String jdbcUrl, String display, Optional<Path> directory) {
    static final String DATABASE_FILE = "vfmigrate.db";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    static StoreLocation parse(String spec) {
        if (spec.startsWith(POSTGRES_PREFIX)) return new StoreLocation(Dialect.POSTGRES, spec, redact(spec), Optional.empty());
        if (spec.startsWith("jdbc:")) {
            throw new StateStoreException("--state " + redact(spec) + " is not supported: give a directory or a jdbc:postgresql:// URL");
        }
        Path dir;
        try {
            dir = Path.of(spec);
        } catch (InvalidPathException e) {
            throw new StateStoreException("--state '" + spec + "' is not a valid directory name: " + e.getReason());
        }
        Path file = dir.resolve(DATABASE_FILE);
        return new StoreLocation(Dialect.SQLITE, "jdbc:sqlite:" + file, file.toString(), Optional.of(dir));
    }

    /** Creates the directory of an embedded store if it is missing. */
    void prepare() {
        if (directory.isEmpty()) return;
        Path dir = directory.get();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StateStoreException("--state " + dir + " is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StateStoreException("cannot create the state directory " + dir + ": " + e, e);
        }
    }

    /** A driver's message about this store, which may quote the URL. */
    String explain(java.sql.SQLException e) { return redact(String.valueOf(e.getMessage())); }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }
}
