package io.vfmigrate.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/** Reads an evacuation's JSON event stream (`--output json`: one object per line). */
final class EvacuationEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvacuationEvents() {}

    /** From the first vm-placed event (a move starts) to the last vm-outcome event. */
    static Duration makespan(String jsonLines) {
        Instant first = null;
        Instant last = null;
        for (String line : jsonLines.split("\n")) {
            JsonNode e;
            try {
                e = JSON.readTree(line);
            } catch (IOException ex) {
                throw new UncheckedIOException("not a JSON event: " + line, ex);
            }
            String type = e.get("type").asText();
            Instant at = Instant.parse(e.get("time").asText());
            if (type.equals("vm-placed") && first == null) first = at;
            if (type.equals("vm-outcome") && first != null) last = at;
        }
        if (first == null || last == null) throw new IllegalStateException("no vm-placed or no vm-outcome event in:\n" + jsonLines);
        return Duration.between(first, last);
    }
}
