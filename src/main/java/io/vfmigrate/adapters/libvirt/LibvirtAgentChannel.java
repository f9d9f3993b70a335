package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.adapters.agent.AgentChannel;

/** Agent commands of one host's domains through virDomainQemuAgentCommand (libvirt-qemu). */
public final class LibvirtAgentChannel implements AgentChannel {
    private final LibvirtHypervisor hypervisor;

    public LibvirtAgentChannel(LibvirtSession session, String host, String uri) {
        this.hypervisor = new LibvirtHypervisor(session, host, uri);
    }

    @Override
    public String command(String vm, String json, int timeoutSeconds) {
        return hypervisor.onDomain(vm, domain -> domain.qemuAgentCommand(json, timeoutSeconds, 0));
    }

    @Override public String toString() { return "agent channel of " + hypervisor; }
}
