package io.vfmigrate.adapters.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.model.FailureException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/** Answers agent commands from a script, in order, and records every request it was sent. */
final class FakeAgentChannel implements AgentChannel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Deque<Supplier<String>> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();

    record Request(String vm, JsonNode json, int timeoutSeconds) {
        String execute() { return json.path("execute").asText(); }
    }

    FakeAgentChannel reply(String json) {
        script.add(() -> json);
        return this;
    }

    FakeAgentChannel replyForever(String json) {
        script.add(new Supplier<>() {
            @Override public String get() {
                script.addFirst(this);
                return json;
            }
        });
        return this;
    }

    FakeAgentChannel fail(FailureException e) {
        script.add(() -> { throw e; });
        return this;
    }

    List<Request> requests() { return List.copyOf(requests); }

    @Override
    public String command(String vm, String json, int timeoutSeconds) {
        try {
            requests.add(new Request(vm, JSON.readTree(json), timeoutSeconds));
        } catch (Exception e) {
            throw new AssertionError("the agent was sent invalid JSON: " + json, e);
        }
        Supplier<String> next = script.poll();
        if (next == null) throw new AssertionError("unexpected agent command " + json);
        return next.get();
    }
}
