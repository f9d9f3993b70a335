package io.vfmigrate.adapters.agent;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import java.util.Optional;
import java.util.Set;

/** What libvirt's errors on an agent command mean for the guest agent. */
final class AgentFailures {
    static final int INTERNAL_ERROR = 1;
    static final int OPERATION_INVALID = 55;
    static final int ARGUMENT_UNSUPPORTED = 74;
    static final int AGENT_UNRESPONSIVE = 86;
    static final int AGENT_UNSYNCED = 97;
    static final int AGENT_COMMAND_TIMEOUT = 112;
    static final int AGENT_COMMAND_FAILED = 113;

    /**
     * Not connected, not responding, timed out (86; 112 since libvirt 9.x), out of sync (97), not
     * configured (74), domain not running (55): the agent cannot be used now.
     */
    private static final Set<Integer> UNAVAILABLE = Set.of(OPERATION_INVALID, ARGUMENT_UNSUPPORTED,
            AGENT_UNRESPONSIVE, AGENT_UNSYNCED, AGENT_COMMAND_TIMEOUT);
    /** The agent answered with an error (libvirt 9.0 reports it as an internal error). */
    private static final Set<Integer> GUEST_REFUSED = Set.of(INTERNAL_ERROR, AGENT_COMMAND_FAILED);

    private AgentFailures() {}

    /**
     * {@code command} is present for guest-exec: a refusal (binary not found, guest-exec disabled by
     * the guest's policy) is then a failed guest command.
     */
    static FailureException translate(FailureException e, String vm, Optional<String> command) {
        if (!(e.failure() instanceof Failure.LibvirtError error)) return e;
        if (UNAVAILABLE.contains(error.code())) {
            return new FailureException(new Failure.AgentUnavailable(vm, error.text()), e);
        }
        if (command.isPresent() && GUEST_REFUSED.contains(error.code())) {
            return new FailureException(new Failure.GuestCommandFailed(vm, command.get(), -1, error.text()), e);
        }
        return e;
    }
}
