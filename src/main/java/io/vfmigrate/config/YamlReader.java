package io.vfmigrate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML into {@link YamlNode}s that keep their line; duplicate keys are errors. */
public final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {}

    public static YamlNode read(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) throw new ConfigException(file + ": is a directory, not a file");
            if (!Files.exists(file)) throw new ConfigException(file + ": no such file");
            if (!Files.isReadable(file)) throw new ConfigException(file + ": not readable");
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    public static YamlNode parse(String name, String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new ConfigException(name + ": the file is empty");
            return node(name, p, "");
        } catch (IOException e) {
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr() : 0;
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ConfigException(name + ":" + line + ": not valid YAML: " + msg, e);
        }
    }

    private static YamlNode node(String file, JsonParser p, String path) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, YamlNode> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                String childPath = path.isEmpty() ? key : path + "." + key;
                if (map.containsKey(key)) {
                    throw new ConfigException(file + ":" + keyLine + ": " + childPath + ": duplicate key '" + key + "'");
                }
                map.put(key, node(file, p, childPath));
            }
            return new YamlNode(file, line, path, YamlNode.Kind.MAP, null, map, null);
        }
        if (t == JsonToken.START_ARRAY) {
            List<YamlNode> list = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) list.add(node(file, p, path + "[" + i++ + "]"));
            return new YamlNode(file, line, path, YamlNode.Kind.LIST, null, null, list);
        }
        if (t == JsonToken.VALUE_NULL) return new YamlNode(file, line, path, YamlNode.Kind.NULL, null, null, null);
        return new YamlNode(file, line, path, YamlNode.Kind.SCALAR, p.getText(), null, null);
    }
}
