package io.vfmigrate.workflow.steps;

import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.RunContext;
import java.util.List;

/**
 * After a switch-over, QEMU announces the VM's MAC on the port that now carries it, so that switches
 * upstream learn the new path at once instead of waiting for the VM to send. Best effort: a failed
 * announcement is noted in the run's facts and costs at most a moment of learning, never the run.
 */
final class Announce {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Announce.class);

    private Announce() {}

    static void on(RunContext ctx, Host host, List<String> aliases) {
        try {
            host.hypervisor().announce(ctx.vm(), aliases);
        } catch (FailureException e) {
            LOG.warn("could not have QEMU announce the MAC of {} on {}: {}", ctx.vm(), host.name(), e.failure().message());
            ctx.facts().put("announce.failed", host.name() + ": " + e.failure().message());
        }
    }
}
