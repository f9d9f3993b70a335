package io.vfmigrate.app.run;

import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.EndStateCheck;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.SettledCopies;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.VfFacts;
import io.vfmigrate.workflow.VmCopies;
import io.vfmigrate.workflow.steps.Migrate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end state a run promises, checked from the hosts: the VM runs (not paused) on the host the run
 * moved it to, and only there (after a migration no copy is left on the other host, and no definition
 * when the workflow undefines the source); no temporary port is left in its live XML; each VF is
 * attached there and, in the guest, is the active slave of its bond (found by MAC and ifindex) or,
 * for a VF in no bond, is up. A paused copy is resumed and a stale copy removed, then it checks again.
 */
public final class EndStateVerifier implements EndStateCheck {
    private static final Logger LOG = LoggerFactory.getLogger(EndStateVerifier.class);

    @Override
    public List<String> problems(RunContext ctx, List<Step> steps) {
        return problemsOn(ctx, ctx.current(), steps);
    }

    /** The problems of the VM being healthy on {@code expected} (empty when it is), fixing forward what can be. */
    public List<String> problemsOn(RunContext ctx, Host expected, List<Step> steps) {
        if (steps.stream().anyMatch(Step::isOfflineMove)) return offlineProblems(ctx, expected);
        boolean migrates = steps.stream().anyMatch(Step::isMigration);
        boolean undefineSource = migrates && expected == ctx.destination() && steps.stream().anyMatch(s -> s instanceof Migrate m && m.undefineSource());
        Host other = expected == ctx.source() ? ctx.destination() : ctx.source();
        VmCopies copies = VmCopies.read(ctx);
        if (!copies.isOn(expected)) return List.of(ctx.vm() + " should run on " + expected.name() + ": " + copies);
        List<String> fixed = SettledCopies.settle(ctx, copies, undefineSource);
        if (!fixed.isEmpty()) {
            LOG.warn("end state of run {} fixed forward: {}", ctx.runId(), fixed);
            copies = VmCopies.read(ctx);
        }
        List<String> problems = new ArrayList<>();
        DomainState here = expected == ctx.source() ? copies.onSource() : copies.onDestination();
        DomainState there = expected == ctx.source() ? copies.onDestination() : copies.onSource();
        if (!here.isRunning()) problems.add(expected.name() + ": " + ctx.vm() + " is " + here + ", not running");
        if (there.isActive()) problems.add(other.name() + ": a copy of " + ctx.vm() + " is still there (" + there + ")");
        if (undefineSource && there.isPresent()) problems.add(other.name() + ": " + ctx.vm() + " is still defined there (" + there + ")");
        Optional<String> xml = expected.hypervisor().runningDomainXml(ctx.vm());
        if (xml.isEmpty()) return problems;
        DomainDescription domain = DomainDescription.parse(xml.get());
        for (DomainInterface i : domain.interfaces()) {
            if (i.alias().filter(a -> a.startsWith("ua-vfm-tmp")).isPresent()) {
                problems.add(expected.name() + ": temporary port " + i.alias().get() + " (MAC " + i.mac() + ") is still attached to " + ctx.vm());
            }
        }
        if (ctx.vfs().isEmpty()) return problems;
        List<GuestLink> links = new GuestNetwork(expected.agent(), ctx.vm(), java.time.Duration.ofSeconds(5)).links();
        for (VfFacts vf : ctx.vfs()) problems.addAll(vfProblems(ctx, expected, domain, links, vf, migrates));
        for (BondFacts bond : ctx.bonds()) bondProblem(ctx, expected, links, bond).ifPresent(problems::add);
        return problems;
    }

    private static List<String> vfProblems(RunContext ctx, Host host, DomainDescription domain, List<GuestLink> links, VfFacts vf, boolean migrates) {
        List<String> out = new ArrayList<>();
        Optional<Vf> wanted = migrates && host == ctx.destination() ? vf.destinationVf() : Optional.of(vf.sourceVf());
        if (wanted.isEmpty()) return List.of(host.name() + ": no VF was chosen for " + vf.mac());
        var pool = host.pool(vf.network());
        Optional<AttachedVf> attached = pool.attachedTo(domain).stream().filter(a -> a.vf().id().equals(wanted.get().id())).findFirst();
        if (attached.isEmpty()) out.add(host.name() + ": VF " + wanted.get().id() + " (MAC " + vf.mac() + ") is not attached to " + ctx.vm());
        attached.map(pool::settingsOf).map(VfSettings::vlan).filter(vlan -> !vlan.equals(vf.settings().vlan())).ifPresent(vlan ->
                out.add(host.name() + ": VF " + wanted.get().id() + " is on " + vlanName(vlan) + ", the VM's VF was on " + vlanName(vf.settings().vlan())));
        Optional<GuestLink> link = links.stream().filter(l -> l.isNicWithMac(vf.mac()))
                .filter(l -> vf.guestIfindex().map(i -> i == l.ifindex()).orElse(true)).findFirst();
        if (link.isEmpty()) {
            out.add("guest " + ctx.vm() + ": no NIC with MAC " + vf.mac() + vf.guestIfindex().map(i -> " and ifindex " + i).orElse(""));
            return out;
        }
        if (vf.bond().isEmpty() && !link.get().isUp()) {
            out.add("guest " + ctx.vm() + ": the VF's NIC " + link.get().name() + " (MAC " + vf.mac() + ") is down");
        }
        if (vf.bond().isEmpty() && !vf.addresses().isEmpty()) {
            List<String> has = new GuestNetwork(host.agent(), ctx.vm(), java.time.Duration.ofSeconds(5)).globalAddresses(link.get().name());
            List<String> missing = vf.addresses().stream().filter(a -> !has.contains(a)).toList();
            if (!missing.isEmpty()) out.add("guest " + ctx.vm() + ": the VF's NIC " + link.get().name() + " lacks its addresses " + missing);
        }
        return out;
    }

    private static String vlanName(Optional<Integer> vlan) { return vlan.map(v -> "VLAN " + v).orElse("no VLAN"); }

    /** The bond's active slave is one of its VFs (found by MAC and ifindex), not the temporary port. */
    private static Optional<String> bondProblem(RunContext ctx, Host host, List<GuestLink> links, BondFacts bond) {
        var state = new GuestNetwork(host.agent(), ctx.vm(), java.time.Duration.ofSeconds(5)).bond(bond.name());
        for (int i : bond.vfIndexes()) {
            VfFacts vf = ctx.vf(i);
            boolean active = links.stream().filter(l -> l.isNicWithMac(vf.mac()))
                    .filter(l -> vf.guestIfindex().map(x -> x == l.ifindex()).orElse(true))
                    .anyMatch(l -> state.isActive(l.name()));
            if (active) return Optional.empty();
        }
        return Optional.of("guest " + ctx.vm() + ": the active slave of " + bond.name() + " is "
                + state.activeSlave().map(Object::toString).orElse("none") + ", none of its VFs");
    }

    /**
     * An offline move promises the definition, shut off, on {@code expected} only, naming there the VFs the run
     * chose for that host (the destination VFs after the move, the source VFs after a rollback).
     */
    private static List<String> offlineProblems(RunContext ctx, Host expected) {
        Host other = expected == ctx.source() ? ctx.destination() : ctx.source();
        List<String> problems = new ArrayList<>();
        DomainState here = expected.hypervisor().domainState(ctx.vm());
        DomainState there = other.hypervisor().domainState(ctx.vm());
        if (!here.isPresent() || here.isActive()) problems.add(expected.name() + ": " + ctx.vm() + " is " + here + ", not defined and shut off");
        if (there.isPresent()) problems.add(other.name() + ": " + ctx.vm() + " is still defined there (" + there + ")");
        Optional<String> definition = expected.hypervisor().definedDomainXml(ctx.vm());
        if (definition.isEmpty()) return problems.isEmpty() ? List.of(expected.name() + ": " + ctx.vm() + " has no persistent definition") : problems;
        DomainDescription domain = DomainDescription.parse(definition.get());
        for (VfFacts vf : ctx.vfs()) {
            Optional<Vf> wanted = expected == ctx.source() ? Optional.of(vf.sourceVf()) : vf.destinationVf();
            boolean named = wanted.isPresent() && expected.pool(vf.network()).attachedTo(domain).stream()
                    .anyMatch(a -> a.vf().id().equals(wanted.get().id()) && a.mac().equals(vf.mac()));
            if (!named) problems.add(expected.name() + ": the definition of " + ctx.vm() + " does not name VF "
                    + wanted.map(Vf::toString).orElse("?") + " with " + vf.mac());
        }
        return problems;
    }
}
