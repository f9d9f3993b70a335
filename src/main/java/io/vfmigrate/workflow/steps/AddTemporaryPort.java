package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.Contradiction;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepDefinition;
import io.vfmigrate.workflow.StepPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hot-plugs, per bond, a temporary port with the active VF's MAC, on the VLAN of the bond's VFs, and waits
 * until the guest sees it.
 */
public record AddTemporaryPort(Optional<String> port, Duration timeout, Vlan vlan) implements Step {
    public static final String TYPE = "add-temporary-port";

    /**
     * The VLAN the port carries (parameter {@code vlan}): the bond's VFs' ({@code vf}, the default), or none
     * ({@code none}: the untagged port of old, which cuts a guest on a VLAN off for the whole switch-over; kept
     * only so that a lab test can show that outage).
     */
    public enum Vlan {
        VF, NONE;

        public static final List<String> PARAMS = List.of("vf", "none");

        public static Vlan of(StepDefinition d) { return valueOf(d.text("vlan").orElse("vf").toUpperCase(Locale.ROOT)); }
    }

    public AddTemporaryPort(Optional<String> port, Duration timeout) { this(port, timeout, Vlan.VF); }

    public String type() { return TYPE; }

    /** The VLAN of this bond's port: empty, untagged. */
    private Optional<Integer> vlanOf(BondFacts bond) { return vlan == Vlan.VF ? bond.vlan() : Optional.empty(); }

    public void apply(RunContext ctx) {
        Host host = ctx.current();
        for (BondFacts bond : ctx.bonds()) {
            TemporaryPortSpec spec = spec(host, bond);
            bond.temporaryPortType(spec.type());
            bond.temporaryPortVlan(vlanOf(bond));
            Optional<List<String>> before = Optional.empty();
            if (Devices.byAlias(ctx, host, bond.temporaryPortAlias()).isEmpty()) {
                Devices.clearOrphanNetdevs(ctx, host);
                before = ctx.guest().interfaceList();
                // a macvtap made for a port that libvirt then refuses goes with this step's undo
                if (spec instanceof TemporaryPortSpec.Macvtap macvtap) TemporaryMacvtap.create(ctx, host, macvtap, bond);
                host.hypervisor().attachDevice(ctx.vm(), spec.deviceXml(bond.mac(), bond.temporaryPortAlias(), vlanOf(bond)));
            }
            Set<Integer> known = new HashSet<>();
            bond.vfIndexes().forEach(i -> ctx.vf(i).guestIfindex().ifPresent(known::add));
            bond.temporaryPortIfindex(Devices.awaitNewLink(ctx, bond.mac(), known, before, timeout));
        }
    }

    public void compensate(RunContext ctx) {
        Host host = ctx.current();
        for (BondFacts bond : ctx.bonds()) {
            var device = Devices.byAlias(ctx, host, bond.temporaryPortAlias());
            if (device.isPresent()) host.hypervisor().detachDevice(ctx.vm(), device.get().xml(), bond.temporaryPortAlias(), timeout);
            bond.forgetTemporaryPort();
        }
        TemporaryMacvtap.deleteAll(ctx, host);
    }

    /** A macvtap of the VM's ports left on the run's hosts where the VM has no port using it (a run died, a repair by hand) goes. */
    @Override
    public void afterRun(RunContext ctx) {
        TemporaryMacvtap.deleteUnused(ctx, ctx.source());
        TemporaryMacvtap.deleteUnused(ctx, ctx.destination());
    }

    private TemporaryPortSpec spec(Host host, BondFacts bond) {
        return host.temporaryPort(bond.network(), port).orElseThrow(() -> new FailureException(new Failure.Unexpected(
                "host " + host.name() + " has no temporary port" + port.map(p -> " of type " + p).orElse("")
                        + " on network " + bond.network())));
    }

    /** Done: each bond's temporary port, with the bond's MAC, is attached to the VM where it runs (until remove-temporary-port acted). */
    @Override
    public Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) {
        if (later.contains(RemoveTemporaryPort.TYPE)) return Optional.empty();
        Host host = ctx.current();
        for (BondFacts bond : ctx.bonds()) {
            String journal = "temporary port " + bond.temporaryPortAlias() + " with MAC " + bond.mac() + " is attached to " + ctx.vm()
                    + " on " + host.name();
            var domain = Recheck.domain(ctx, host);
            if (domain.isEmpty()) return Optional.of(Recheck.notOn(ctx, host, journal));
            boolean there = domain.get().interfaces().stream().anyMatch(i -> i.hasAlias(bond.temporaryPortAlias()) && i.mac().equals(bond.mac()));
            if (!there) return Optional.of(new Contradiction(journal, ctx.vm() + " on " + host.name() + " has no such device; "
                    + Recheck.activeSlave(ctx, bond)));
        }
        return Optional.empty();
    }

    /** Undone: the VM runs where it is said to, with no temporary port. */
    @Override
    public boolean undone(RunContext ctx) {
        var domain = Recheck.domain(ctx, ctx.current());
        return domain.isPresent() && ctx.bonds().stream()
                .noneMatch(b -> domain.get().interfaces().stream().anyMatch(i -> i.hasAlias(b.temporaryPortAlias())));
    }

    public StepPlan plan(RunContext ctx) {
        List<Map<String, Object>> ports = new ArrayList<>();
        for (BondFacts bond : ctx.bonds()) {
            TemporaryPortSpec spec = spec(ctx.current(), bond);
            Optional<Integer> onVlan = vlanOf(bond);
            bond.plannedTemporaryPort(spec.type(), onVlan);   // the plans of migrate and remove-temporary-port read it
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("host", ctx.current().name());
            p.put("bond", bond.name().value());
            p.put("network", bond.network());
            p.put("type", spec.type());
            p.put("mac", bond.mac().value());
            p.put("vlan", onVlan.<Object>map(v -> v).orElse("none"));
            if (spec instanceof TemporaryPortSpec.Macvtap macvtap) {
                p.put("lower-device", macvtap.lowerDevice(onVlan).value());
                p.put("host-commands", macvtap.createCommands(bond.mac(), onVlan).stream().map(GuestCommands::render).toList());
            }
            p.put("device-xml", spec.deviceXml(bond.mac(), bond.temporaryPortAlias(), onVlan));
            ports.add(p);
        }
        return new StepPlan(TYPE, "attach " + ports.size() + " temporary port(s) on " + ctx.current().name()
                + " and wait until the guest sees them", StepPlan.params("ports", ports, "timeout", Durations.format(timeout)));
    }
}
