package io.vfmigrate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void escapesControlFormatAndBidiCharacters() {
        assertEquals("a\\x1b[31mred\\x0d\\x0a[OK     ] forged", Printable.clean("a\u001b[31mred\r\n[OK     ] forged"));
        assertEquals("\\x7f\\x9b\\x85", Printable.clean("\u007f\u009b\u0085"));
        assertEquals("abc\\u202edcba\\u2066x\\u2069\\u200f\\u2028", Printable.clean("abc\u202edcba\u2066x\u2069\u200f\u2028"));
        assertEquals("tab\\x09", Printable.clean("tab\t"));
        assertEquals("plain text: eth0 52:54:00:c0:00:11 é ü 日本", Printable.clean("plain text: eth0 52:54:00:c0:00:11 é ü 日本"));
    }

    @Test
    void quoteCutsAndLineCutsLongText() {
        assertEquals("'" + "x".repeat(80) + "...'", Printable.quote("x".repeat(200)));
        String line = Printable.line("y".repeat(100_000));
        assertTrue(line.length() < 700, () -> "length " + line.length());
        assertTrue(line.endsWith("(cut)"));
    }
}
