package io.vfmigrate.workflow.steps;

import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.NetdevName;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.RunContext;
import java.time.Duration;
import java.util.List;

/**
 * Keeps the host side of a macvtap temporary port silent. libvirt creates the macvtap with the VM's MAC, and
 * the host's own IPv6 autoconfiguration on it (duplicate address detection, router solicitations, MLD reports,
 * for a second or more after it comes up) sends frames from that MAC out of the host: switches then learn the
 * MAC there. On the source after the migration, that draws the VM's traffic back to a host it has left, until
 * the VM sends again (the lab measured 0.4-0.7 s lost). IPv6 is turned off on the macvtap device on the host
 * (the guest's own IPv6 is not affected) as soon as it exists: after the attach on the source, after the
 * migration on the destination (and on the source again after a migration back). A host without IPv6 has
 * nothing to turn off; a failure is said as a warning, never fails the run.
 */
final class MacvtapHostSide {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MacvtapHostSide.class);

    private MacvtapHostSide() {}

    /** For each bond whose temporary port on {@code host} is a macvtap. */
    static void quiet(RunContext ctx, Host host) {
        for (BondFacts bond : ctx.bonds()) quiet(ctx, host, bond);
    }

    static void quiet(RunContext ctx, Host host, BondFacts bond) {
        try {
            quietPort(ctx, host, bond);
        } catch (FailureException e) {
            LOG.warn("{}: could not turn IPv6 off on the temporary port of {}: {}", host.name(), ctx.vm(), e.failure().message());
        }
    }

    private static void quietPort(RunContext ctx, Host host, BondFacts bond) {
        var port = Devices.byAlias(ctx, host, bond.temporaryPortAlias());
        if (port.isEmpty() || !port.get().type().equals("direct") || port.get().targetDev().isEmpty()) return;
        String dev = port.get().targetDev().get();
        if (!NetdevName.isValid(dev)) {
            LOG.warn("{}: the macvtap of {} has a name that is not a device name: {}", host.name(), ctx.vm(), dev);
            return;
        }
        List<String> argv = command(dev);
        ExecResult r = host.shell().run(argv, TIMEOUT);
        if (!r.ok()) {
            LOG.warn("{}: could not turn IPv6 off on {} (the temporary port of {}), exit {}: {}; its host side may announce the VM's MAC"
                    + " from this host", host.name(), dev, ctx.vm(), r.exitCode(), r.stderr().strip());
        }
    }

    /** sysctl spells a dot in a device name as a slash. */
    static List<String> command(String dev) {
        return List.of("sysctl", "-q", "-w", "net.ipv6.conf." + dev.replace('.', '/') + ".disable_ipv6=1");
    }
}
