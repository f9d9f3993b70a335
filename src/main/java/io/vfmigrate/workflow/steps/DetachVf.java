package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Host;
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
import java.util.Set;

/**
 * Detaches every VF of the VM and waits until the hypervisor confirms each removal. The VF's MAC is
 * cleared right before the detach and again after it (libvirt restores the MAC the VF had before its
 * attach, which may be the VM's), so that the NIC stops steering the VM's frames to a VF nobody reads
 * (unless {@code clearMac} is off: the lab's demonstration of that outage). Its undo programs the MAC again, attaches the same VF
 * with the same settings and puts it back in its bond.
 */
public record DetachVf(Duration timeout, boolean clearMac) implements Step {
    public static final String TYPE = WorkflowDefinition.DETACH_VF;

    public String type() { return TYPE; }

    public void apply(RunContext ctx) {
        Host host = ctx.current();
        for (VfFacts vf : ctx.vfs()) {
            var attached = Devices.attachedVf(ctx, host, vf.network(), vf.sourceVf().id());
            // Cleared before the detach too: the bond no longer uses the VF, and frames the NIC steered
            // to it from the guest's unplug until the end of the detach would be lost.
            if (attached.isPresent()) NicConfig.remember(ctx, vf);
            if (clearMac && attached.isPresent()) host.pool(vf.network()).clearMac(vf.sourceVf(), vf.settings());
            if (attached.isPresent()) {
                host.hypervisor().detachDevice(ctx.vm(), attached.get().iface().xml(),
                        attached.get().iface().alias().orElse(""), timeout);
            }
            if (clearMac) host.pool(vf.network()).clearMac(vf.sourceVf(), vf.settings());
        }
    }

    public void compensate(RunContext ctx) {
        Host host = ctx.current();
        for (VfFacts vf : ctx.vfs()) {
            Vf source = vf.sourceVf();
            host.pool(vf.network()).prepare(source, vf.settings());   // its MAC may have been cleared, attached or not
            if (Devices.attachedVf(ctx, host, vf.network(), source.id()).isEmpty()) {
                Devices.clearOrphanNetdevs(ctx, host);
                var before = ctx.guest().interfaceList();
                host.hypervisor().attachDevice(ctx.vm(), host.pool(vf.network()).deviceXml(source, vf.settings()));
                vf.guestIfindex(Devices.awaitNewLink(ctx, vf.mac(), knownLinks(ctx), before, timeout));
            }
            if (vf.bond().isEmpty()) NicConfig.restore(ctx, vf);
            if (vf.bond().isPresent()) {
                var bond = new GuestInterfaceName(vf.bond().get());
                var link = currentLink(ctx, vf, source);
                if (!link.isSlaveOf(bond)) ctx.guest().enslave(link, bond);
            }
        }
    }

    /**
     * The VF's guest link now, checked against the guest: the journaled ifindex when that link is still
     * a NIC with the VF's MAC; else (a half-done undo re-attached it and died before journaling its new
     * ifindex) the one NIC with that MAC that is not a temporary port, whose ifindex is journaled anew.
     */
    private static GuestLink currentLink(RunContext ctx, VfFacts vf, Vf source) {
        var links = ctx.guest().links();
        var known = Devices.link(links, vf.guestIfindex()).filter(l -> l.isNicWithMac(vf.mac()));
        if (known.isPresent()) return known.get();
        Set<Integer> temporary = new HashSet<>();
        ctx.bonds().forEach(b -> b.temporaryPortIfindex().ifPresent(temporary::add));
        var found = links.stream().filter(l -> l.isNicWithMac(vf.mac())).filter(l -> !temporary.contains(l.ifindex())).toList();
        if (found.size() != 1) {
            return Devices.requireLink(ctx, links, found.size() > 1 ? java.util.Optional.empty() : vf.guestIfindex(),
                    "VF " + source.id() + (found.size() > 1 ? " (several NICs carry MAC " + vf.mac() + ": " + found.stream().map(l -> l.name().value()).toList() + ")" : ""));
        }
        vf.guestIfindex(found.get(0).ifindex());
        return found.get(0);
    }

    /** Links the run already knows (temporary ports, VFs), none of which is the re-attached VF. */
    private static Set<Integer> knownLinks(RunContext ctx) {
        Set<Integer> known = new HashSet<>();
        ctx.bonds().forEach(b -> b.temporaryPortIfindex().ifPresent(known::add));
        ctx.vfs().forEach(v -> v.guestIfindex().ifPresent(known::add));
        return known;
    }

    /**
     * Done: no source VF carries the VM's traffic on the source any more. Checked while the journal
     * puts the VM on the source (after the migration, migrate's own check says where it is): a source
     * VF attached again and the active slave of its bond (in no bond: its NIC up) contradicts it. A VF
     * attached again but unused is what a half-done undo leaves, which the undo finishes.
     */
    @Override
    public Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) {
        Host host = ctx.source();
        if (!ctx.current().name().equals(host.name())) return Optional.empty();
        String journal = "the VF(s) of " + ctx.vm() + " are detached on " + host.name();
        var domain = Recheck.domain(ctx, host);
        if (domain.isEmpty()) return Optional.of(Recheck.notOn(ctx, host, journal));
        for (VfFacts vf : ctx.vfs()) {
            boolean attached = host.pool(vf.network()).attachedTo(domain.get()).stream().anyMatch(a -> a.vf().id().equals(vf.sourceVf().id()));
            if (!attached) continue;
            Optional<String> use = inUse(ctx, vf);
            if (use.isPresent()) {
                return Optional.of(new Contradiction("VF " + vf.sourceVf().id() + " (MAC " + vf.mac() + ") is detached from " + ctx.vm()
                        + " on " + host.name(), "it is attached again and " + use.get()));
            }
        }
        return Optional.empty();
    }

    /** How the guest uses the VF's NIC (not a temporary port, which has the same MAC): active in its bond, or up when in none. */
    private static Optional<String> inUse(RunContext ctx, VfFacts vf) {
        Set<Integer> temporary = new HashSet<>();
        ctx.bonds().forEach(b -> b.temporaryPortIfindex().ifPresent(temporary::add));
        var nics = ctx.guest().links().stream().filter(l -> l.isNicWithMac(vf.mac())).filter(l -> !temporary.contains(l.ifindex())).toList();
        if (vf.bond().isEmpty()) {
            return nics.stream().filter(GuestLink::isUp).findFirst().map(l -> "its interface " + l.name() + " is up");
        }
        var bond = new GuestInterfaceName(vf.bond().get());
        var state = ctx.guest().bond(bond);
        return nics.stream().filter(l -> state.isActive(l.name())).findFirst()
                .map(l -> "its interface " + l.name() + " is the active slave of " + bond);
    }

    public StepPlan plan(RunContext ctx) {
        List<Map<String, Object>> vfs = new ArrayList<>();
        for (VfFacts vf : ctx.vfs()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("host", ctx.current().name());
            p.put("vf", vf.sourceVf().id());
            p.put("address", vf.sourceVf().address());
            p.put("mac", vf.mac().value());
            p.put("guest-interface", Devices.planName(ctx, vf.guestIfindex(), vf.mac()));
            p.put("then", clearMac ? "clear the VF's MAC (" + ctx.current().pool(vf.network()).describe() + ")" : "keep the VF's MAC");
            vfs.add(p);
        }
        return new StepPlan(TYPE, "detach the VF(s) from the VM on " + ctx.current().name() + " and wait for the hypervisor to confirm",
                StepPlan.params("vfs", vfs, "timeout", Durations.format(timeout)));
    }
}
