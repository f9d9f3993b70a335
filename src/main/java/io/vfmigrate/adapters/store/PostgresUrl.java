package io.vfmigrate.adapters.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code jdbc:postgresql:} URL taken apart: user info ({@code //USER:PASSWORD@HOST}, which the driver
 * does not understand, so it is moved out of the URL into connection properties), host, port,
 * database and the query's {@code user} and {@code password}. The password may hold '@', ':' and '/':
 * the user info ends at the last '@' before the query.
 */
record PostgresUrl(String original, String prefix, Optional<String> userInfoUser, Optional<String> userInfoPassword,
                   String hostSpec, boolean slash, String path, String query) {
    private static final String PREFIX = "jdbc:postgresql:";

    static PostgresUrl parse(String url) {
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            // jdbc:postgresql:DB or jdbc:postgresql:/ : no host part
            int q = rest.indexOf('?');
            return new PostgresUrl(url, PREFIX, Optional.empty(), Optional.empty(), "", false, q < 0 ? rest : rest.substring(0, q),
                    q < 0 ? "" : rest.substring(q + 1));
        }
        rest = rest.substring(2);
        int q = rest.indexOf('?');
        String beforeQuery = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        int at = beforeQuery.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = beforeQuery.substring(0, at);
            beforeQuery = beforeQuery.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon))).filter(u -> !u.isEmpty());
            password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
        }
        int slash = beforeQuery.indexOf('/');
        String hostSpec = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String path = slash < 0 ? "" : beforeQuery.substring(slash + 1);
        return new PostgresUrl(url, PREFIX + "//", user, password, hostSpec, slash >= 0, path, query);
    }

    /** The URL the driver gets: as given, without its user info if it had some. */
    String withoutUserInfo() {
        if (userInfoUser.isEmpty() && userInfoPassword.isEmpty()) return original;
        return prefix + hostSpec + (slash ? "/" : "") + path + (query.isEmpty() ? "" : "?" + query);
    }

    /** For messages: the user info's password as ***, the query's as well. */
    String display() {
        String userInfo = userInfoUser.isEmpty() && userInfoPassword.isEmpty() ? ""
                : userInfoUser.orElse("") + userInfoPassword.map(p -> ":***").orElse("") + "@";
        String url = prefix.endsWith("//") ? prefix + userInfo + hostSpec + (slash ? "/" : "") + path : prefix + path;
        return StoreLocation.redact(url + (query.isEmpty() ? "" : "?" + query));
    }

    Optional<String> queryParameter(String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(name)) return Optional.of(decode(pair.substring(eq + 1)));
        }
        return Optional.empty();
    }

    Optional<String> queryPassword() { return queryParameter("password"); }

    /** The first host of the URL (the driver may be given several), for the password file. */
    String host() {
        String first = hostSpec.split(",")[0];
        if (first.startsWith("[")) return first.substring(1, Math.max(1, first.indexOf(']')));
        int colon = first.lastIndexOf(':');
        String host = colon < 0 ? first : first.substring(0, colon);
        return host.isEmpty() ? "localhost" : host;
    }

    String port() {
        String first = hostSpec.split(",")[0];
        int close = first.indexOf(']');
        int colon = first.lastIndexOf(':');
        return colon > close && colon >= 0 && colon < first.length() - 1 ? first.substring(colon + 1) : "5432";
    }

    /** The user the driver will log in as: the query's, the user info's, else the system user (as the driver does). */
    String user() {
        return queryParameter("user").or(() -> userInfoUser).orElse(System.getProperty("user.name", ""));
    }

    String database() { return path.isEmpty() ? user() : decode(path); }

    /**
     * What the driver gets besides the URL: the user info's user and password; else, when the URL has
     * no password, PGPASSWORD, else the password file (PGPASSFILE, else ~/.pgpass), as libpq does.
     */
    PostgresCredentials credentials(Map<String, String> env, Path home) {
        if (queryPassword().isPresent()) return new PostgresCredentials(userInfoUser, Optional.empty());
        if (userInfoPassword.isPresent()) return new PostgresCredentials(userInfoUser, userInfoPassword);
        String fromEnv = env.get("PGPASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) return new PostgresCredentials(userInfoUser, Optional.of(fromEnv));
        String passFile = env.get("PGPASSFILE");
        Path file = passFile != null && !passFile.isEmpty() ? Path.of(passFile) : home.resolve(".pgpass");
        return new PostgresCredentials(userInfoUser, PasswordFile.lookup(file, host(), port(), database(), user()));
    }

    /** Percent-decoding (a '+' stays a '+'); a malformed escape is kept as written. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** How a secret looks percent-encoded in a URL (every byte outside unreserved characters escaped). */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    private static int hex(byte b) { return Character.digit((char) b, 16); }
}
