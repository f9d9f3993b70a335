package io.vfmigrate.adapters.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libpq's password file: lines {@code host:port:database:user:password}, {@code *} matching anything in
 * the first four fields, {@code \:} and {@code \\} escapes, {@code #} comments, first match wins. As
 * libpq does, a file that group or others may read is ignored (with a warning), as is one that is not a
 * regular file.
 */
final class PasswordFile {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordFile.class);
    private static final long MAX_BYTES = 1024 * 1024;

    private PasswordFile() {}

    static Optional<String> lookup(Path file, String host, String port, String database, String user) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) return Optional.empty();
        try {
            if (Files.size(file) > MAX_BYTES) {
                LOG.warn("ignoring the password file {}: larger than {} bytes", file, MAX_BYTES);
                return Optional.empty();
            }
            if (openToOthers(file)) {
                LOG.warn("ignoring the password file {}: group or others may read it; chmod 0600 it", file);
                return Optional.empty();
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                List<String> f = fields(line);
                if (f.size() < 5) continue;
                if (matches(f.get(0), host) && matches(f.get(1), port) && matches(f.get(2), database) && matches(f.get(3), user)) {
                    return Optional.of(f.get(4));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the password file {}: {}", file, e.getClass().getSimpleName());
        }
        return Optional.empty();
    }

    private static boolean openToOthers(Path file) throws IOException {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.stream().anyMatch(x -> x.name().startsWith("GROUP_") || x.name().startsWith("OTHERS_"));
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean matches(String pattern, String value) { return pattern.equals("*") || pattern.equals(value); }

    /** Splits on unescaped ':' into at most five fields; the fifth (the password) takes the rest of the line. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }
}
