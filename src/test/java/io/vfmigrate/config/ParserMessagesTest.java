package io.vfmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parsers' messages as they come (SnakeYAML's and Jackson's), with a secret where they quote the input. */
class ParserMessagesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            found character '%' that cannot start any token. (Do not use % for indentation) | found character '%' that cannot start any token.
            found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation) | found character that cannot start any token.
            found unknown escape character S(83) | found unknown escape character
            expected escape sequence of 4 hexadecimal numbers, but found: S3cr | expected escape sequence of 4 hexadecimal numbers, but found
            found undefined tag handle !S3cret! | found undefined tag handle
            expected ',' or ']', but got <stream end> | expected ',' or ']', but got <stream end>
            expected <block end>, but found '<block mapping start>' | expected <block end>, but found <block mapping start>
            Illegal character 'S' (code 0x53) in base64 content | Illegal character in base64 content
            Unexpected end of base64-encoded String: base64 variant 'MIME' expects padding (one or more '=' characters) at the end. | Unexpected end of base64-encoded String: base64 variant expects padding (one or more '=' characters) at the end.
            """)
    void keepsTheProblemDropsTheInput(String raw, String kept) {
        assertEquals(kept, ParserMessages.withoutInput(raw));
    }
}
