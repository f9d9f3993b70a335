package io.vfmigrate.adapters.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import java.util.Optional;

/** One agent command and its {@code return} member; libvirt's errors and the agent's own mean what {@link AgentFailures} says. */
final class AgentCall {
    private final AgentChannel channel;

    AgentCall(AgentChannel channel) {
        this.channel = channel;
    }

    /** {@code command}: the guest command (or file) the request acts on; a refusal of it is then a failed guest command. */
    JsonNode send(String vm, String json, int timeoutSeconds, Optional<String> command) {
        String reply;
        try {
            reply = channel.command(vm, json, timeoutSeconds);
        } catch (FailureException e) {
            throw AgentFailures.translate(e, vm, command);
        }
        try {
            return AgentMessages.returned(vm, reply);
        } catch (AgentMessages.AgentError e) {
            Failure failure = command.<Failure>map(c -> new Failure.GuestCommandFailed(vm, c, -1, e.getMessage()))
                    .orElseGet(() -> new Failure.Unexpected("the guest agent of " + vm + " answered with an error: " + e.getMessage()));
            throw new FailureException(failure);
        }
    }
}
