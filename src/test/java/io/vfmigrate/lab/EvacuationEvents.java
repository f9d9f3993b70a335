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

    /** A move: from its VM's vm-placed event to the vm-outcome event of that VM. */
    record Move(String vm, String destination, Instant start, Instant end) {}

    /** Each move of an evacuation's, a maintenance's or a rolling's JSON events. */
    static java.util.List<Move> moves(String jsonLines) {
        java.util.Map<String, JsonNode> placed = new java.util.HashMap<>();
        java.util.List<Move> moves = new java.util.ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            JsonNode e = event(line);
            String vm = e.path("vm").asText();
            if (e.get("type").asText().equals("vm-placed")) placed.put(vm, e);
            if (e.get("type").asText().equals("vm-outcome") && placed.containsKey(vm)) {
                JsonNode p = placed.remove(vm);
                moves.add(new Move(vm, p.path("destination").asText(), Instant.parse(p.get("time").asText()), Instant.parse(e.get("time").asText())));
            }
        }
        return moves;
    }

    private static JsonNode event(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException ex) {
            throw new UncheckedIOException("not a JSON event: " + line, ex);
        }
    }

    /** From the first vm-placed event (a move starts) to the last vm-outcome event. */
    static Duration makespan(String jsonLines) {
        Instant first = null;
        Instant last = null;
        for (String line : jsonLines.split("\n")) {
            JsonNode e = event(line);
            String type = e.get("type").asText();
            Instant at = Instant.parse(e.get("time").asText());
            if (type.equals("vm-placed") && first == null) first = at;
            if (type.equals("vm-outcome") && first != null) last = at;
        }
        if (first == null || last == null) throw new IllegalStateException("no vm-placed or no vm-outcome event in:\n" + jsonLines);
        return Duration.between(first, last);
    }
}
