package io.vfmigrate.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a user's file as UTF-8 text: a regular file only (a FIFO would block, a device never end),
 * at most {@link #MAX_BYTES}, and every refusal one line naming the file (and the line of a bad byte).
 */
final class ConfigFiles {
    static final int MAX_BYTES = 1 << 20;

    private ConfigFiles() {}

    static String readText(Path file) {
        checkRegularFile(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": not readable (permission denied)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) throw tooLarge(file);
        return utf8(file.toString(), bytes);
    }

    private static void checkRegularFile(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (a.isDirectory()) throw new ConfigException(file + ": is a directory, not a file");
        if (!a.isRegularFile()) throw new ConfigException(file + ": not a regular file (a FIFO, a device or a socket); give a file");
        if (a.size() > MAX_BYTES) throw tooLarge(file);
        if (!Files.isReadable(file)) throw new ConfigException(file + ": not readable (permission denied)");
        PrivateFiles.writableByOthers(file).ifPresent(w -> {
            throw new ConfigException(file + ": " + w + "; refused, since it decides which commands run as this user: chmod go-w " + file);
        });
    }

    private static ConfigException tooLarge(Path file) {
        return new ConfigException(file + ": larger than 1 MiB; not an inventory or workflow file");
    }

    /** Decodes strict UTF-8; a bad byte is refused with its line and column. */
    static String utf8(String name, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstMalformed(bytes);
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ConfigException(String.format("%s:%d: not UTF-8 text (byte 0x%02x at column %d); save the file as UTF-8",
                    name, line, bytes[bad] & 0xff, bad - lineStart + 1));
        }
    }

    private static int firstMalformed(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : Math.max(0, bytes.length - 1);
    }
}
