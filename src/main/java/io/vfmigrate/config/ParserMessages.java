package io.vfmigrate.config;

import java.util.Arrays;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A YAML parser's message without the input it quotes: the parsers put the offending token in their
 * messages (a quoted scalar, q(113), an escape's digits, a tag handle), and the file may be one given
 * by mistake, a password file. What stays: plain words, the token kinds ('<block end>') and single
 * symbols (',' expected), which tell nothing of a secret.
 */
final class ParserMessages {
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    /** Kept when quoted: a token kind ('<block end>'), or one symbol (',' or ']' expected, '%' found), which tells nothing of a secret. */
    private static final Pattern KEPT = Pattern.compile("'<[a-z ]+>'|'[^A-Za-z0-9\\s']'");
    private static final Pattern INDENTATION_ADVICE = Pattern.compile("\\(Do not use .*? for indentation\\)");
    private static final Pattern CHARACTER_CODE = Pattern.compile("\\S*\\(\\d+\\)|\\(code [0-9a-fx]+\\)");
    /** An escape's hexadecimal digits, printed unquoted after "found:". */
    private static final Pattern FOUND_TEXT = Pattern.compile("found: \\S+");
    /** What may stay of the message: words, and single symbols (quoted or not). */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9<>()-]+[,.;:]?|'?[^A-Za-z0-9\\s']'?[,.;:]?");

    private ParserMessages() {}

    static String withoutInput(String message) {
        if (message == null) return "";
        String m = message.lines().findFirst().orElse("");
        m = INDENTATION_ADVICE.matcher(m).replaceAll("");
        m = QUOTED.matcher(m).replaceAll(ParserMessages::keptOrNothing);
        m = CHARACTER_CODE.matcher(m).replaceAll("");
        m = FOUND_TEXT.matcher(m).replaceAll("found");
        return Arrays.stream(m.split("\\s+")).filter(w -> PLAIN_WORD.matcher(w).matches()).collect(Collectors.joining(" "))
                .replaceAll(" ([,.;:])", "$1").replaceAll("\\(\\)", "").replaceAll("\\s+", " ").strip();
    }

    private static String keptOrNothing(MatchResult quoted) {
        String q = quoted.group();
        return KEPT.matcher(q).matches() ? Matcher.quoteReplacement(q.replace("'<", "<").replace(">'", ">")) : "";
    }
}
