package io.vfmigrate.config;

/**
 * Bad input in a user's file: the message names the file, line and key. Maps to exit code 2.
 * Control characters in the message (a file's key or value may hold escape sequences) are escaped,
 * so the message is one line and cannot drive a terminal.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) { super(printable(message)); }

    public ConfigException(String message, Throwable cause) { super(printable(message), cause); }

    /** {@code text} with every control character written as {@code \xNN} or {@code \\uNNNN}. */
    static String printable(String text) {
        if (text == null || text.codePoints().noneMatch(Character::isISOControl)) return text;
        StringBuilder b = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!Character.isISOControl(c)) b.appendCodePoint(c);
            else if (c < 0x100) b.append(String.format("\\x%02x", c));
            else b.append(String.format("\\u%04x", c));
        });
        return b.toString();
    }
}
