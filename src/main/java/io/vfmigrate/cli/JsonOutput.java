package io.vfmigrate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;

/**
 * JSON for programs, still safe on a terminal: every non-ASCII character (bidi overrides among them),
 * every control character and DEL are written as {@code \\uXXXX} escapes.
 */
public final class JsonOutput {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    static {
        JSON.getFactory().setCharacterEscapes(new CharacterEscapes() {
            private final int[] ascii = standardAsciiEscapesForJSON();

            {
                ascii[0x7f] = ESCAPE_STANDARD;
            }

            @Override public int[] getEscapeCodesForAscii() { return ascii; }

            @Override public SerializableString getEscapeSequence(int ch) { return null; }
        });
    }

    private JsonOutput() {}

    /** One JSON object on one line (the event stream of a run). */
    static void line(PrintWriter out, Object value) {
        try {
            out.println(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
        out.flush();
    }

    public static void print(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
        out.flush();
    }
}
