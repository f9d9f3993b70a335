package io.vfmigrate.workflow.steps;

import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.PendingCleanups;
import io.vfmigrate.workflow.RunContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The host side of a macvtap temporary port, which vfmigrate makes and removes itself (libvirt only opens it). A macvtap
 * carries the VM's MAC on the host, and when libvirt made it, it brought it up after the hot-plug with the host's IPv6 on:
 * duplicate address detection, router solicitations and MLD reports then went out from the VM's MAC, and the switches
 * learned it on the host in the middle of a switch-over (1-24 pings lost in the lab). vfmigrate's macvtap has IPv6 off
 * before it comes up. It is made where the VM is before the attach, on the destination before the migration (the port
 * migrates with the VM and QEMU opens it there), and removed from a host once the VM has no port on it any more.
 */
public final class TemporaryMacvtap {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TemporaryMacvtap.class);

    private TemporaryMacvtap() {}

    /** The host's macvtap spec for this bond's network, when the bond's temporary port is a macvtap. */
    static Optional<TemporaryPortSpec.Macvtap> spec(Host host, BondFacts bond) { return spec(host, bond, bond.temporaryPortType()); }

    /** As {@link #spec(Host, BondFacts)}, for a plan: the port as chosen, else as planned. */
    static Optional<TemporaryPortSpec.Macvtap> planSpec(Host host, BondFacts bond) { return spec(host, bond, bond.temporaryPortTypeOrPlanned()); }

    private static Optional<TemporaryPortSpec.Macvtap> spec(Host host, BondFacts bond, Optional<String> type) {
        if (!type.map("macvtap"::equals).orElse(false)) return Optional.empty();
        return host.temporaryPort(bond.network(), Optional.of("macvtap")).map(TemporaryPortSpec.Macvtap.class::cast);
    }

    /** Makes the bond's macvtap on {@code host} (one left there by an earlier attempt is made again); fails the step when it cannot. */
    static void create(RunContext ctx, Host host, TemporaryPortSpec.Macvtap spec, BondFacts bond) {
        List<List<String>> commands = spec.createCommands(bond.mac(), bond.temporaryPortVlan());
        bond.macvtapMade(host.name());   // before: a run that dies now may have left it
        ExecResult r = host.shell().runAll(commands, TIMEOUT);
        if (!r.ok() && r.stderr().contains("File exists")) {
            if (usedDevices(host, ctx.vm()).contains(TemporaryPortSpec.Macvtap.hostDevice(bond.mac()).value())) {
                throw new FailureException(new Failure.Unexpected("macvtap " + TemporaryPortSpec.Macvtap.hostDevice(bond.mac()) + " on " + host.name()
                        + " is in use by " + ctx.vm() + " there: another of its ports has the MAC " + bond.mac() + ", or a copy of it is not cleaned yet"));
            }
            delete(host, ctx.vm(), bond);
            bond.macvtapMade(host.name());
            r = host.shell().runAll(commands, TIMEOUT);
        }
        if (!r.ok()) {   // what was made of it goes with the step's undo
            throw new FailureException(new Failure.Unexpected("could not make macvtap " + TemporaryPortSpec.Macvtap.hostDevice(bond.mac()) + " on "
                    + host.name() + " for the temporary port of " + ctx.vm() + " (exit " + r.exitCode() + "): " + r.stderr().strip()));
        }
    }

    /** Removes the bond's macvtap from {@code host}; one that is not there is fine. Whether it was there. */
    private static boolean delete(Host host, String vm, BondFacts bond) {
        Mac mac = bond.mac();
        ExecResult r = host.shell().run(TemporaryPortSpec.Macvtap.deleteCommand(mac), TIMEOUT);
        if (r.ok() || r.stderr().contains("Cannot find device")) {
            bond.macvtapRemoved(host.name());
            return r.ok();
        }
        throw new FailureException(new Failure.Unexpected("could not remove macvtap " + TemporaryPortSpec.Macvtap.hostDevice(mac) + " (the temporary"
                + " port of " + vm + ") from " + host.name() + " (exit " + r.exitCode() + "): " + r.stderr().strip()));
    }

    /**
     * {@link #removeUnused} on {@code host}, where the VM is: after its port's detach (another of its ports may use the device). Never
     * fails the step: a macvtap that cannot be removed is a warning and a pending cleanup of the run, which the next command
     * that reaches the host removes.
     */
    static void deleteAll(RunContext ctx, Host host) {
        try {
            removeUnused(host, ctx.vm(), ctx.bonds());
        } catch (FailureException e) {
            leftPending(ctx, host, e);
        }
    }

    /**
     * As {@link #deleteAll}, without asking the host's libvirt which devices a copy of the VM uses: for the host the VM has
     * left or never reached (it runs on the other host, checked), whose libvirt may not answer (a daemon killed mid-migration).
     */
    static void deleteAllUnchecked(RunContext ctx, Host host) {
        for (BondFacts bond : ctx.bonds()) {
            if (!bond.macvtapMayBeOn(host.name())) continue;
            try {
                delete(host, ctx.vm(), bond);
            } catch (FailureException e) {
                leftPending(ctx, host, e);
            }
        }
    }

    /** When a run ends: {@link #deleteAll} on {@code host}, unless the run could not reach it (its pending cleanup covers the run's macvtaps there). */
    static void deleteUnused(RunContext ctx, Host host) {
        if (ctx.bonds().stream().noneMatch(b -> b.macvtapMayBeOn(host.name()))) return;
        if (PendingCleanups.of(ctx.facts().snapshot()).containsKey(host.name())) return;
        deleteAll(ctx, host);
    }

    private static void leftPending(RunContext ctx, Host host, FailureException e) {
        LOG.warn("{}: the temporary port's macvtap of {} may be left there: {}", host.name(), ctx.vm(), e.failure().message());
        for (BondFacts bond : ctx.bonds()) {
            if (bond.macvtapMayBeOn(host.name())) {
                PendingCleanups.record(ctx, host, PendingCleanups.macvtap(TemporaryPortSpec.Macvtap.hostDevice(bond.mac()).value(), ctx.vm()));
            }
        }
    }

    /**
     * Removes from {@code host} the macvtaps of these bonds' ports that may be there and that no copy of {@code vm} there
     * (running or paused) uses; returns the names removed. For a run that has ended, or whose VM's lease the caller holds.
     */
    public static List<String> removeUnused(Host host, String vm, List<BondFacts> bonds) {
        List<BondFacts> candidates = bonds.stream().filter(b -> b.macvtapMayBeOn(host.name())).toList();
        if (candidates.isEmpty()) return List.of();
        List<String> used = usedDevices(host, vm);
        List<String> removed = new java.util.ArrayList<>();
        for (BondFacts bond : candidates) {
            String dev = TemporaryPortSpec.Macvtap.hostDevice(bond.mac()).value();
            if (!used.contains(dev) && delete(host, vm, bond)) removed.add(dev);
        }
        return removed;
    }

    /** The host devices the VM's interfaces name on {@code host}, while a copy of it is there. */
    private static List<String> usedDevices(Host host, String vm) {
        return host.hypervisor().runningDomainXml(vm)
                .map(xml -> DomainDescription.parse(xml).interfaces().stream().flatMap(i -> i.targetDev().stream()).toList())
                .orElse(List.of());
    }

    /**
     * Before the VM moves from {@code from} to {@code host}: makes there the macvtap of each of its ports that is one (the port
     * migrates with the VM, and QEMU opens it on arrival), with that host's spec (its lower device and mode).
     */
    static void createFor(RunContext ctx, Host from, Host host) {
        var domain = Devices.liveDomain(ctx, from);
        for (BondFacts bond : ctx.bonds()) {
            String dev = TemporaryPortSpec.Macvtap.hostDevice(bond.mac()).value();
            boolean ours = domain.interfaces().stream().anyMatch(i -> i.hasAlias(bond.temporaryPortAlias()) && i.type().equals("ethernet")
                    && i.targetDev().map(dev::equals).orElse(false));
            if (!ours) continue;
            TemporaryPortSpec.Macvtap spec = spec(host, bond).orElseThrow(() -> new FailureException(new Failure.Unexpected(
                    "host " + host.name() + " has no macvtap temporary port on network " + bond.network() + " for the temporary port of " + ctx.vm())));
            create(ctx, host, spec, bond);
        }
    }
}
