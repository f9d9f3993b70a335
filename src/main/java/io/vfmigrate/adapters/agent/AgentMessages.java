package io.vfmigrate.adapters.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Printable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The qemu-guest-agent JSON protocol: requests built with Jackson, replies (untrusted) checked field by field. */
final class AgentMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMAND_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private AgentMessages() {}

    static String ping() { return request("guest-ping").toString(); }

    static String info() { return request("guest-info").toString(); }

    static String exec(List<String> argv) {
        if (argv.isEmpty()) throw new IllegalArgumentException("guest command without a program");
        ObjectNode request = request("guest-exec");
        ObjectNode arguments = request.putObject("arguments");
        arguments.put("path", argv.get(0));
        ArrayNode args = arguments.putArray("arg");
        argv.subList(1, argv.size()).forEach(args::add);
        arguments.put("capture-output", true);
        return request.toString();
    }

    static String execStatus(long pid) {
        ObjectNode request = request("guest-exec-status");
        request.putObject("arguments").put("pid", pid);
        return request.toString();
    }

    static String fileOpen(String path, String mode) {
        ObjectNode request = request("guest-file-open");
        request.putObject("arguments").put("path", path).put("mode", mode);
        return request.toString();
    }

    static String fileWrite(long handle, String text) {
        ObjectNode request = request("guest-file-write");
        request.putObject("arguments").put("handle", handle)
                .put("buf-b64", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        return request.toString();
    }

    static String fileFlush(long handle) { return onHandle("guest-file-flush", handle); }

    static String fileRead(long handle, int count) {
        ObjectNode request = request("guest-file-read");
        request.putObject("arguments").put("handle", handle).put("count", count);
        return request.toString();
    }

    static String fileClose(long handle) { return onHandle("guest-file-close", handle); }

    private static String onHandle(String command, long handle) {
        ObjectNode request = request(command);
        request.putObject("arguments").put("handle", handle);
        return request.toString();
    }

    static String interfaces() { return request("guest-network-get-interfaces").toString(); }

    /** The handle guest-file-open answered. */
    static long handle(String vm, JsonNode returned) {
        if (!returned.isIntegralNumber() || !returned.canConvertToLong() || returned.asLong() < 0) {
            throw FailureException.unexpected("the guest agent of " + vm + " answered guest-file-open without a valid handle: "
                    + Printable.quote(returned.toString()));
        }
        return returned.asLong();
    }

    /** What guest-file-read answered: the bytes read (at most {@code limit}) as text, and whether the file ended there. */
    static FileChunk fileChunk(String vm, JsonNode returned, int limit) {
        JsonNode data = returned.get("buf-b64");
        byte[] bytes;
        try {
            bytes = data == null || !data.isTextual() ? null : Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length > limit) {
            throw FailureException.unexpected("the guest agent of " + vm + " answered guest-file-read with invalid data: "
                    + Printable.quote(returned.toString()));
        }
        return new FileChunk(new String(bytes, StandardCharsets.UTF_8), returned.path("eof").asBoolean(false));
    }

    record FileChunk(String text, boolean eof) {}

    /** "NAME MAC" per interface guest-network-get-interfaces listed (at most {@code max}), as sent. */
    static List<String> interfaceEntries(String vm, JsonNode returned, int max) {
        if (!returned.isArray() || returned.size() > max) {
            throw FailureException.unexpected("the guest agent of " + vm + " answered guest-network-get-interfaces with "
                    + (returned.isArray() ? returned.size() + " interfaces (at most " + max + ")" : "no list"));
        }
        List<String> entries = new ArrayList<>();
        for (JsonNode i : returned) entries.add(i.path("name").asText("") + " " + i.path("hardware-address").asText(""));
        return entries;
    }

    /** The {@code return} member of a reply; an {@code error} member becomes {@link AgentError}. */
    static JsonNode returned(String vm, String reply) {
        JsonNode root;
        try {
            root = JSON.readTree(reply == null ? "" : reply);
        } catch (JsonProcessingException e) {
            throw FailureException.unexpected("the guest agent of " + vm + " sent an unparsable reply: " + Printable.quote(reply));
        }
        if (root == null || !root.isObject()) {
            throw FailureException.unexpected("the guest agent of " + vm + " sent a reply that is not an object: " + Printable.quote(reply));
        }
        JsonNode error = root.get("error");
        if (error != null) throw new AgentError(error.path("class").asText("") + ": " + error.path("desc").asText(""));
        JsonNode returned = root.get("return");
        if (returned == null) throw FailureException.unexpected("the guest agent of " + vm + " sent a reply without 'return': " + Printable.quote(reply));
        return returned;
    }

    static long pid(String vm, JsonNode returned) {
        JsonNode pid = returned.get("pid");
        if (pid == null || !pid.canConvertToLong() || !pid.isIntegralNumber() || pid.asLong() < 0) {
            throw FailureException.unexpected("the guest agent of " + vm + " answered guest-exec without a valid pid: "
                    + Printable.quote(returned.toString()));
        }
        return pid.asLong();
    }

    /** Names of the commands guest-info lists as enabled; malformed entries are skipped. */
    static Set<String> enabledCommands(JsonNode returned) {
        Set<String> enabled = new TreeSet<>();
        for (JsonNode command : returned.path("supported_commands")) {
            String name = command.path("name").asText("");
            if (command.path("enabled").asBoolean(false) && COMMAND_NAME.matcher(name).matches()) enabled.add(name);
        }
        return Collections.unmodifiableSet(enabled);
    }

    private static ObjectNode request(String command) {
        return JSON.createObjectNode().put("execute", command);
    }

    /** The agent itself answered with an error object (libvirt normally turns these into errors). */
    static final class AgentError extends RuntimeException {
        AgentError(String description) {
            super(description);
        }
    }
}
