package io.vfmigrate.model;

/**
 * Renders untrusted text (guest output, journal contents, file contents, user input) safely for a
 * terminal or a log: control characters (C0 with newline and tab, DEL, C1 with ESC's 8-bit forms),
 * format characters (bidi overrides and isolates, zero-width ones) and line separators are shown as
 * escapes ({@code \x1b}, {@code \u202e}), so that the text cannot move the cursor, recolour, forge a
 * line or reorder what follows it.
 */
public final class Printable {
    private static final int MAX = 80;
    /** A one-line message longer than this is cut: an error never echoes a whole input file. */
    public static final int MAX_LINE = 600;

    private Printable() {}

    /** The text quoted and cut at 80 characters, for a value inside a message. */
    public static String quote(String text) {
        if (text == null) return "null";
        boolean cut = text.length() > MAX;
        return "'" + clean(cut ? text.substring(0, MAX) : text) + (cut ? "..." : "") + "'";
    }

    /** The text with every unsafe character escaped; nothing else changed. */
    public static String clean(String text) {
        if (text == null) return "null";
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
                out.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** {@link #clean} of {@code String.valueOf(value)}. */
    public static String clean(Object value) { return clean(String.valueOf(value)); }

    /** A message for one line of a terminal or a log: cleaned, and cut at {@link #MAX_LINE} characters. */
    public static String line(String text) {
        String clean = clean(text);
        return clean.length() <= MAX_LINE ? clean : clean.substring(0, MAX_LINE) + "... (cut)";
    }

    static boolean unsafe(char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
        if (Character.isSurrogate(c)) return false;
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
