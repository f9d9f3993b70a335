package io.vfmigrate.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value that remembers where it stood (file, line) and how it was reached (path), so that
 * every validation error can name file, line and key.
 */
public final class YamlNode {
    public enum Kind { MAP, LIST, SCALAR, NULL }

    private final String file;
    private final int line;
    private final String path;
    private final Kind kind;
    private final String scalar;
    private final Map<String, YamlNode> map;
    private final List<YamlNode> list;

    YamlNode(String file, int line, String path, Kind kind, String scalar, Map<String, YamlNode> map, List<YamlNode> list) {
        this.file = file;
        this.line = line;
        this.path = path;
        this.kind = kind;
        this.scalar = scalar;
        this.map = map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
        this.list = list == null ? List.of() : List.copyOf(list);
    }

    public String path() { return path; }
    public int line() { return line; }
    public Kind kind() { return kind; }
    public boolean isMap() { return kind == Kind.MAP; }
    public boolean isList() { return kind == Kind.LIST; }

    public ConfigException error(String message) {
        return new ConfigException(file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    public Map<String, YamlNode> asMap() {
        if (kind != Kind.MAP) throw error("expected a mapping, found " + describe());
        return map;
    }

    public List<YamlNode> asList() {
        if (kind != Kind.LIST) throw error("expected a list, found " + describe());
        return list;
    }

    public String asText() {
        if (kind != Kind.SCALAR) throw error("expected a value, found " + describe());
        return scalar;
    }

    public int asInt(int min, int max) {
        String text = asText();
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) throw error("value " + v + " out of range " + min + ".." + max);
            return v;
        } catch (NumberFormatException e) {
            if (text.matches("[-+]?[0-9]+")) throw error("value " + text + " out of range " + min + ".." + max);
            throw error("expected a whole number, found '" + text + "'");
        }
    }

    public boolean asBoolean() {
        String text = asText();
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false, found '" + text + "'");
        };
    }

    public List<String> asTextList() {
        List<String> out = new ArrayList<>();
        for (YamlNode n : asList()) out.add(n.asText());
        return out;
    }

    public Optional<YamlNode> get(String key) {
        YamlNode n = asMap().get(key);
        return n == null || n.kind == Kind.NULL ? Optional.empty() : Optional.of(n);
    }

    public YamlNode require(String key) {
        return get(key).orElseThrow(() -> error("missing required key '" + key + "'"));
    }

    /** Rejects keys outside {@code allowed}, so a typo is an error rather than silently ignored. */
    public YamlNode onlyKeys(String... allowed) {
        List<String> ok = List.of(allowed);
        for (Map.Entry<String, YamlNode> e : asMap().entrySet()) {
            if (!ok.contains(e.getKey())) {
                throw e.getValue().error("unknown key '" + e.getKey() + "' (allowed: " + String.join(", ", ok) + ")");
            }
        }
        return this;
    }

    private String describe() {
        return switch (kind) {
            case MAP -> "a mapping";
            case LIST -> "a list";
            case NULL -> "nothing";
            case SCALAR -> "a single value"; // not quoted: the file may be one given by mistake, a password file
        };
    }
}
