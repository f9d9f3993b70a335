package io.vfmigrate.workflow;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run has learned, as flat text keys ("vf.0.mac"): journaled with each step, so that a run can
 * be resumed or undone from the journal alone. Tracks which keys changed since the last drain.
 */
public final class Facts {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();

    public Facts() {}

    public Facts(Map<String, String> initial) { values.putAll(initial); }

    public Optional<String> find(String key) { return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty()); }

    public String get(String key) {
        return find(key).orElseThrow(() -> new IllegalStateException("run has no fact '" + key + "'"));
    }

    public int getInt(String key) { return Integer.parseInt(get(key)); }

    public Optional<Integer> findInt(String key) { return find(key).map(Integer::parseInt); }

    /** Whether the key was ever recorded (a removed or empty one was: only a key never written is not). */
    public boolean recorded(String key) { return values.containsKey(key); }

    public void put(String key, Object value) {
        String text = value == null ? "" : value.toString();
        if (!text.equals(values.get(key))) {
            values.put(key, text);
            changed.add(key);
        }
    }

    public void remove(String key) { put(key, ""); }

    public Map<String, String> snapshot() { return Map.copyOf(values); }

    /** The keys (with their new values, "" for removed) changed since the last call. */
    public Map<String, String> drainChanges() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : changed) out.put(k, values.getOrDefault(k, ""));
        changed.clear();
        return out;
    }

    public void apply(Map<String, String> delta) {
        values.putAll(delta);
    }
}
