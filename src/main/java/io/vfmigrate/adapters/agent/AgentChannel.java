package io.vfmigrate.adapters.agent;

import io.vfmigrate.model.FailureException;

/**
 * Carries one qemu-guest-agent command (JSON) to the agent of a VM and back. libvirt failures are
 * thrown as {@link FailureException} with a {@code LibvirtError} carrying libvirt's
 * error code; {@link LibvirtGuestAgent} decides what those mean for the guest agent.
 */
public interface AgentChannel {
    String command(String vm, String json, int timeoutSeconds);
}
