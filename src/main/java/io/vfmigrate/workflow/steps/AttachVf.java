package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.Contradiction;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import io.vfmigrate.workflow.VfFacts;
import io.vfmigrate.workflow.WorkflowDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches, on the destination, the reserved free VF of the same network for every VF the VM had, with
 * the same MAC, VLAN, spoofchk and trust, and waits until the guest sees it. Its undo detaches it and
 * clears its MAC, so that the NIC steers the VM's frames to the temporary port again.
 */
public record AttachVf(Duration timeout, boolean guestSideEnslave) implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(AttachVf.class);
    public static final String TYPE = WorkflowDefinition.ATTACH_VF;

    public AttachVf(Duration timeout) { this(timeout, true); }

    public String type() { return TYPE; }

    @Override public boolean choosesVf() { return true; }

    public void apply(RunContext ctx) {
        Host host = ctx.current();
        for (VfFacts vf : temporaryPortNetworksLast(ctx.vfs(), ctx.bonds())) {
            Vf dest = vf.destinationVf().orElseThrow(() -> new FailureException(new Failure.NoFreeVf(host.name(), vf.network())));
            Optional<List<String>> before = Optional.empty();
            Set<Integer> known = knownExcept(ctx, vf.index());
            Optional<GuestInterfaceName> bond = vf.bond().map(GuestInterfaceName::new);
            OptionalLong watcher = OptionalLong.empty();
            long start = System.nanoTime();
            long programming = start;
            long programmed = start;
            long attached = start;
            if (Devices.attachedVf(ctx, host, vf.network(), dest.id()).isEmpty()) {
                Devices.clearOrphanNetdevs(ctx, host);
                // Started and listed before the VF's MAC is programmed: from then on its PF steers the guest's frames to a VF
                // that no driver reads until the guest has enslaved it (which opens it), so nothing else may come between.
                if (bond.isPresent() && guestSideEnslave) watcher = ctx.guest().enslaveOnArrival(vf.mac(), bond.get(), known, timeout);
                before = ctx.guest().interfaceList();
                programming = System.nanoTime();
                host.pool(vf.network()).prepare(dest, vf.settings());
                programmed = System.nanoTime();
                host.hypervisor().attachDevice(ctx.vm(), host.pool(vf.network()).deviceXml(dest, vf.settings()));
                attached = System.nanoTime();
                vf.forgetGuestIfindex();
            }
            Optional<GuestLink> enslaved = watcher.isPresent()
                    ? Devices.awaitEnslaved(ctx, watcher.getAsLong(), vf.mac(), bond.get(), known, before, timeout)
                    : Optional.empty();
            if (enslaved.isPresent()) {
                vf.guestIfindex(enslaved.get().ifindex());
                vf.enslavedOnArrival(enslaved.get().name().value());
            } else if (vf.guestIfindex().isEmpty() || Devices.link(ctx, vf.guestIfindex()).isEmpty()) {
                vf.guestIfindex(Devices.awaitNewLink(ctx, vf.mac(), known, before, timeout));
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("attach-vf of {} on {}: guest-side enslave {}, {} ms before the MAC is programmed, programmed in {} ms, attached in {} ms,"
                        + " the guest's NIC {} {} ms after the attach", ctx.vm(), host.name(), watcher.isPresent() ? "started" : "not started",
                        ms(programming - start), ms(programmed - programming), ms(attached - programmed),
                        enslaved.isPresent() ? "enslaved by the guest" : "seen", ms(System.nanoTime() - attached));
            }
            NicConfig.restore(ctx, vf);
        }
    }

    private static long ms(long nanos) { return nanos / 1_000_000; }

    /**
     * The VFs of networks without a temporary port first: programming a VF's MAC makes its PF steer the guest's frames
     * to it, away from a temporary port on that PF; a VF of another PF can come first without cutting anything off.
     */
    static List<VfFacts> temporaryPortNetworksLast(List<VfFacts> vfs, List<BondFacts> bonds) {
        Set<String> withPort = new HashSet<>();
        bonds.forEach(b -> withPort.add(b.network()));
        return vfs.stream().sorted(java.util.Comparator.comparing((VfFacts v) -> withPort.contains(v.network()))).toList();
    }

    public void compensate(RunContext ctx) {
        Host host = ctx.current();
        for (VfFacts vf : ctx.vfs()) {
            Optional<Vf> dest = vf.destinationVf();
            if (dest.isEmpty()) continue;
            var attached = Devices.attachedVf(ctx, host, vf.network(), dest.get().id());
            if (attached.isPresent()) {
                host.hypervisor().detachDevice(ctx.vm(), attached.get().iface().xml(), attached.get().iface().alias().orElse(""), timeout);
            }
            host.pool(vf.network()).clearMac(dest.get(), vf.settings());
        }
    }

    @Override
    public boolean chooseAnotherVf(RunContext ctx) {
        Host host = ctx.current();
        for (VfFacts vf : ctx.vfs()) {
            vf.destinationVf().ifPresent(old -> {
                vf.excludeDestination(old.id());
                ctx.reservations().release(old);
            });
            Set<String> excluded = vf.excludedDestinationIds();
            Optional<Vf> next = host.pool(vf.network()).free().stream()
                    .filter(v -> !excluded.contains(v.id())).filter(ctx.reservations()::reserve).findFirst();
            if (next.isEmpty()) return false;
            vf.destinationVf(next.get());
            vf.forgetGuestIfindex();
        }
        return true;
    }

    /** Links that are not this VF's: temporary ports and the other VFs (which may share its MAC). */
    private static Set<Integer> knownExcept(RunContext ctx, int index) {
        Set<Integer> known = new HashSet<>();
        ctx.bonds().forEach(b -> b.temporaryPortIfindex().ifPresent(known::add));
        ctx.vfs().stream().filter(v -> v.index() != index).forEach(v -> v.guestIfindex().ifPresent(known::add));
        return known;
    }

    /** Done: each chosen destination VF is attached to the VM where it runs now. */
    @Override
    public Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) {
        Host host = ctx.current();
        Optional<DomainDescription> domain = Optional.empty();
        for (VfFacts vf : ctx.vfs()) {
            if (vf.destinationVf().isEmpty()) continue;
            Vf dest = vf.destinationVf().get();
            String journal = "VF " + dest.id() + " with MAC " + vf.mac() + " is attached to " + ctx.vm() + " on " + host.name();
            if (domain.isEmpty()) domain = Recheck.domain(ctx, host);
            if (domain.isEmpty()) return Optional.of(Recheck.notOn(ctx, host, journal));
            var attached = host.pool(vf.network()).attachedTo(domain.get());
            if (attached.stream().noneMatch(a -> a.vf().id().equals(dest.id()))) {
                return Optional.of(new Contradiction(journal, "it is not; " + (attached.isEmpty() ? "no VF of " + vf.network() + " is attached"
                        : "attached: " + attached.stream().map(a -> a.vf().id() + " (MAC " + a.mac() + ")").toList())));
            }
        }
        return Optional.empty();
    }

    public StepPlan plan(RunContext ctx) {
        List<Map<String, Object>> vfs = new ArrayList<>();
        for (VfFacts vf : ctx.vfs()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("host", ctx.destination().name());
            Optional<Vf> dest = vf.destinationVf();
            p.put("vf", dest.map(Vf::id).orElse("(none free)"));
            p.put("address", dest.map(Vf::address).orElse(""));
            p.put("mac", vf.mac().value());
            vf.settings().vlan().ifPresent(v -> p.put("vlan", v));
            vf.settings().spoofchk().ifPresent(v -> p.put("spoofchk", v));
            vf.settings().trust().ifPresent(v -> p.put("trust", v));
            dest.ifPresent(d -> p.put("device-xml", ctx.destination().pool(vf.network()).deviceXml(d, vf.settings())));
            vf.bond().ifPresent(b -> p.put("guest-side-enslave", guestSideEnslave
                    ? "started before the VF's MAC is programmed: enslaves the new NIC with MAC " + vf.mac() + " in " + b
                            + " as it appears (`ip monitor link`); where the guest cannot run it, enslave-vf does"
                    : "off: enslave-vf enslaves the new NIC with MAC " + vf.mac() + " in " + b + " once the guest lists it"));
            vfs.add(p);
        }
        return new StepPlan(TYPE, "attach a free VF of the same network on " + ctx.destination().name() + " for every VF, with the same settings",
                StepPlan.params("vfs", vfs, "timeout", Durations.format(timeout)));
    }
}
