package io.vfmigrate.adapters.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Printable;
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
