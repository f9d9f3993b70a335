package io.vfmigrate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command line split into an argument vector the way systemd splits {@code ExecStart=}: words separated by
 * blanks; single and double quotes (a quoted part may be empty and may touch unquoted text: {@code a"b c"} is
 * one word); backslash escapes, inside quotes too ({@code \\ \" \' \  \n \t \r \s}); no shell, no variables ({@code $} is a
 * character like any other). An empty line, an unbalanced quote, a trailing backslash and an unknown escape are
 * refused with {@link IllegalArgumentException} (its message says what and at which column); so is an empty
 * program.
 */
public final class ExecLine {
    private static final Map<Character, Character> ESCAPES = Map.of('\\', '\\', '"', '"', '\'', '\'', ' ', ' ',
            'n', '\n', 't', '\t', 'r', '\r', 's', ' ');

    private ExecLine() {}

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int quoteAt = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                if (i + 1 == line.length()) throw new IllegalArgumentException("ends with a backslash (column " + (i + 1) + ")");
                Character escaped = ESCAPES.get(line.charAt(i + 1));
                if (escaped == null) throw new IllegalArgumentException("unknown escape \\" + line.charAt(i + 1) + " (column " + (i + 1) + ")");
                word.append(escaped);
                inWord = true;
                i++;
            } else if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                quoteAt = i + 1;
                inWord = true;
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unbalanced " + quote + " quote (column " + quoteAt + ")");
        if (inWord) words.add(word.toString());
        if (words.isEmpty()) throw new IllegalArgumentException("is empty: a program is needed");
        if (words.get(0).isEmpty()) throw new IllegalArgumentException("has an empty program");
        return List.copyOf(words);
    }

    /** {@code argv} as one line that {@link #split} gives back (each word single-quoted when it needs it). */
    public static String join(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (String w : argv) {
            out.add(!w.isEmpty() && w.matches("[A-Za-z0-9_./:=@%+,-]+") ? w : "'" + w.replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
        return String.join(" ", out);
    }
}
