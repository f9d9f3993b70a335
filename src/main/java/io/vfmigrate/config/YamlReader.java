package io.vfmigrate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads YAML into {@link YamlNode}s that keep their line. Only the plain subset the files need is
 * accepted: one document, mappings, lists and scalars. Duplicate keys, anchors and aliases, merge
 * keys ({@code <<}) and tags are refused with file:line rather than misread; a syntax error is one
 * line with the line and column where the parser stopped, and never quotes the file.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {}

    public static YamlNode read(Path file) {
        return parse(file.toString(), readText(file));
    }

    /** The file's text: a regular UTF-8 file of at most 1 MiB, else a {@link ConfigException}. */
    public static String readText(Path file) {
        return ConfigFiles.readText(file);
    }

    public static YamlNode parse(String name, String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new ConfigException(name + ": the file is empty");
            YamlNode root = node(name, p, "", p.currentTokenLocation().getLineNr());
            if (p.nextToken() != null) {
                throw new ConfigException(name + ":" + p.currentTokenLocation().getLineNr()
                        + ": a second YAML document; a file holds one YAML document");
            }
            return root;
        } catch (IOException e) {
            throw syntaxError(name, text, e);
        }
    }

    /** The node at the parser's current token; {@code line} is where it starts, or its key's line for a mapping's value. */
    private static YamlNode node(String file, JsonParser p, String path, int line) throws IOException {
        refuseUnmodelled(file, p.currentTokenLocation().getLineNr(), p, path);
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, YamlNode> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                String childPath = path.isEmpty() ? key : path + "." + key;
                refuseUnmodelled(file, keyLine, p, childPath);
                if (key.equals("<<")) throw unsupported(file, keyLine, childPath, "merge keys (<<)");
                if (map.containsKey(key)) {
                    throw new ConfigException(file + ":" + keyLine + ": " + childPath + ": duplicate key '" + key + "'");
                }
                p.nextToken();
                map.put(key, node(file, p, childPath, keyLine));
            }
            return new YamlNode(file, line, path, YamlNode.Kind.MAP, null, map, null);
        }
        if (t == JsonToken.START_ARRAY) {
            List<YamlNode> list = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(node(file, p, path + "[" + i++ + "]", p.currentTokenLocation().getLineNr()));
            }
            return new YamlNode(file, line, path, YamlNode.Kind.LIST, null, null, list);
        }
        if (t == JsonToken.VALUE_NULL) return new YamlNode(file, line, path, YamlNode.Kind.NULL, null, null, null);
        return new YamlNode(file, line, path, YamlNode.Kind.SCALAR, p.getText(), null, null);
    }

    /** Anchors, aliases and tags: YAML the files do not need, refused rather than misread. */
    private static void refuseUnmodelled(String file, int line, JsonParser p, String path) throws IOException {
        if (!(p instanceof YAMLParser y)) return;
        if (y.isCurrentAlias()) throw unsupported(file, line, path, "aliases (*" + y.getText() + ")");
        if (y.getObjectId() != null) throw unsupported(file, line, path, "anchors (&" + y.getObjectId() + ")");
        String tag = y.getTypeId();
        if (tag != null) {
            String shown = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring(18) : "!" + tag;
            throw unsupported(file, line, path, "tags (" + shown + ")");
        }
    }

    private static ConfigException unsupported(String file, int line, String path, String what) {
        return new ConfigException(file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + "YAML " + what
                + " are not supported; write the value out");
    }

    /** One line: where the parser stopped (line:column) and its problem, without the input it quotes. */
    private static ConfigException syntaxError(String name, String text, IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                String context = m.getContext() == null ? "" : " (" + ParserMessages.withoutInput(m.getContext()) + ")";
                return new ConfigException(name + ":" + (m.getProblemMark().getLine() + 1) + ":" + (m.getProblemMark().getColumn() + 1)
                        + ": not valid YAML: " + ParserMessages.withoutInput(m.getProblem()) + context, e);
            }
            if (c instanceof ReaderException r) {
                int[] at = lineAndColumn(text, r.getPosition());
                return new ConfigException(name + ":" + at[0] + ":" + at[1] + ": not valid YAML: "
                        + String.format("character U+%04X is not allowed in YAML", r.getCodePoint()), e);
            }
        }
        var location = e instanceof JsonProcessingException j ? j.getLocation() : null;
        String where = location == null ? "0" : location.getLineNr() + ":" + location.getColumnNr();
        String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        String problem = msg == null ? e.getClass().getSimpleName() : ParserMessages.withoutInput(msg);
        return new ConfigException(name + ":" + where + ": not valid YAML: " + problem, e);
    }

    /** Line and column (from 1) of the code point at {@code position}. */
    private static int[] lineAndColumn(String text, int position) {
        int line = 1;
        int column = 1;
        for (int c : text.codePoints().limit(Math.max(0, position)).toArray()) {
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
