package io.vfmigrate.adapters.store;

import io.vfmigrate.config.PrivateFiles;
import io.vfmigrate.model.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the run store is, from the {@code --state} value: a directory holding {@value #DATABASE_FILE},
 * or a {@code jdbc:postgresql:} URL. Any other URL ({@code postgresql://}, {@code jdbc:mysql:}, ...)
 * is refused rather than taken for a directory name. {@code display} names the store in messages
 * without its password; {@code credentials} are what the driver gets besides the URL (a password from
 * the URL's user info, {@code PGPASSWORD} or the password file).
 */
record StoreLocation(Dialect dialect, String jdbcUrl, String display, Optional<Path> directory, PostgresCredentials credentials,
                     List<String> secrets) {
    static final String DATABASE_FILE = "vfmigrate.db";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)(password=)[^&\\s]*");
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^:/?@\\s]*):\\S*@");

    StoreLocation {
        secrets = List.copyOf(secrets);
    }

    static StoreLocation parse(String spec) {
        return parse(spec, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** {@code env} and {@code home} are where PGPASSWORD, PGPASSFILE and ~/.pgpass are looked up. */
    static StoreLocation parse(String spec, Map<String, String> env, Path home) {
        if (spec.startsWith(POSTGRES_PREFIX)) return postgres(spec, env, home);
        if (looksLikeUrl(spec)) {
            throw new StateStoreException("--state " + redact(spec) + " is not supported: give a directory or a"
                    + " jdbc:postgresql://HOST[:PORT]/DB URL (a PostgreSQL URL needs the jdbc: prefix)");
        }
        Path dir;
        try {
            dir = Path.of(spec);
        } catch (InvalidPathException e) {
            throw new StateStoreException("--state " + Printable.quote(spec) + " is not a valid directory name: " + e.getReason());
        }
        Path file = dir.resolve(DATABASE_FILE);
        return new StoreLocation(Dialect.SQLITE, "jdbc:sqlite:" + file, file.toString(), Optional.of(dir),
                PostgresCredentials.NONE, List.of());
    }

    /** "scheme://..." or "jdbc:anything:": a URL, never a directory name ("C:" style names do not exist here). */
    private static boolean looksLikeUrl(String spec) {
        return spec.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://.*") || spec.regionMatches(true, 0, "jdbc:", 0, 5);
    }

    private static StoreLocation postgres(String spec, Map<String, String> env, Path home) {
        PostgresUrl url = PostgresUrl.parse(spec);
        PostgresCredentials credentials = url.credentials(env, home);
        List<String> secrets = new ArrayList<>();
        url.queryPassword().ifPresent(secrets::add);
        credentials.password().ifPresent(secrets::add);
        return new StoreLocation(Dialect.POSTGRES, url.withoutUserInfo(), url.display(), Optional.empty(), credentials, secrets);
    }

    /**
     * Creates the directory of an embedded store (0700) and its database file (0600) if they are missing,
     * whatever the umask: SQLite gives its journal files the database file's mode.
     */
    void prepare() {
        refuseFileAsDirectory();
        Path dir = directory.orElse(null);
        if (dir == null) return;
        try {
            PrivateFiles.createDirectories(dir);
            PrivateFiles.createFile(dir.resolve(DATABASE_FILE));
        } catch (IOException e) {
            throw new StateStoreException("cannot create the state directory " + dir + ": " + e, e);
        }
    }

    /**
     * The embedded store's file when it exists with nothing in it and was not just made: another process that is
     * creating the store right now leaves it empty for a moment, so only a file older than a few seconds counts.
     */
    Optional<Path> emptyFileLeftBehind() {
        Optional<Path> file = directory.map(d -> d.resolve(DATABASE_FILE)).filter(Files::isRegularFile);
        try {
            if (file.isEmpty() || Files.size(file.get()) > 0) return Optional.empty();
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(file.get()).toMillis();
            return age > 5_000 ? file : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile: opening says what is wrong, if anything
        }
    }

    /** Whether the embedded store's file exists (a PostgreSQL store is asked once connected). */
    boolean fileExists() {
        refuseFileAsDirectory();
        return directory.map(d -> Files.exists(d.resolve(DATABASE_FILE))).orElse(true);
    }

    /** Also refuses a store that others may write: its runs and schedules decide what runs as this user. */
    private void refuseFileAsDirectory() {
        directory.ifPresent(dir -> {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new StateStoreException("--state " + dir + " is a file, not a directory");
            }
            for (Path p : List.of(dir, dir.resolve(DATABASE_FILE))) {
                PrivateFiles.writableByOthers(p).ifPresent(w -> {
                    throw new StateStoreException("the state store " + p + " is " + w + "; refused, since its runs and schedules"
                            + " decide what runs as this user: chmod go-w " + p);
                });
            }
        });
    }

    /** A driver's message about this store, which may quote the URL or the password. */
    String explain(java.sql.SQLException e) { return hide(String.valueOf(e.getMessage())); }

    /** {@code text} without this store's passwords, in any form it may appear in. */
    String hide(String text) {
        String out = text;
        for (String secret : secrets) {
            if (secret.isEmpty()) continue;
            out = out.replace(secret, "***").replace(PostgresUrl.encode(secret), "***");
        }
        return redact(out);
    }

    /** A URL (or a message quoting one) without the password of its query or user info. */
    static String redact(String url) {
        return USERINFO_PASSWORD.matcher(QUERY_PASSWORD.matcher(url).replaceAll("$1***")).replaceAll("$1:***@");
    }
}
