package io.vfmigrate.model;

/** Renders untrusted text (guest output, user input) safely inside error messages. */
public final class Printable {
    private static final int MAX = 80;

    private Printable() {}

    public static String quote(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder("'");
        int n = Math.min(text.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        if (text.length() > MAX) out.append("...");
        return out.append('\'').toString();
    }
}
