package io.vfmigrate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Command lines split as systemd splits ExecStart=: words, quotes, escapes; no shell, no variables. */
class ExecLineTest {
    @Test
    void wordsAreSeparatedByBlanks() {
        assertEquals(List.of("/usr/bin/apt-get", "-y", "upgrade"), ExecLine.split("  /usr/bin/apt-get\t-y   upgrade "));
    }

    @Test
    void quotesHoldBlanksAndMayBeEmptyOrTouchOtherText() {
        assertEquals(List.of("sh", "-c", "echo a  b"), ExecLine.split("sh -c 'echo a  b'"));
        assertEquals(List.of("x", "it's", ""), ExecLine.split("x \"it's\" ''"));
        assertEquals(List.of("--name=a b"), ExecLine.split("--name=\"a b\""));
    }

    @Test
    void escapesWorkInsideAndOutsideQuotes() {
        assertEquals(List.of("a b", "\"", "c'd", "\\", "tab\there", "s p"), ExecLine.split("a\\ b \\\" 'c\\'d' \\\\ \"tab\\there\" s\\sp"));
    }

    @Test
    void noShellAndNoVariables() {
        assertEquals(List.of("echo", "$HOME", ";", "rm", "-rf", "*"), ExecLine.split("echo $HOME ; rm -rf *"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|is empty",
            "'   '|is empty",
            "'a ''b'|unbalanced ' quote (column 3)",
            "'a \"b'|unbalanced \" quote (column 3)",
            "'a b\\'|ends with a backslash",
            "'a \\q'|unknown escape \\q",
            "''''' x'|has an empty program"})
    void refusedWithWhatAndWhere(String line, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecLine.split(line));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void joinGivesALineThatSplitsBack() {
        List<String> argv = List.of("/bin/x", "a b", "it's", "", "back\\slash", "$V");
        assertEquals(argv, ExecLine.split(ExecLine.join(argv)));
    }
}
