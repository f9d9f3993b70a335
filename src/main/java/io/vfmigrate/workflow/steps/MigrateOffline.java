package io.vfmigrate.workflow.steps;

import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDefinitions;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.FactKeys;
import io.vfmigrate.workflow.PendingCleanups;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import io.vfmigrate.workflow.VfFacts;
import io.vfmigrate.workflow.WorkflowDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Moves the definition of a shut-off persistent VM (libvirt's offline migration): each VF's interface in
 * the definition is rewritten to the destination VF chosen by preflight, programmed (MAC, VLAN, spoofchk,
 * trust) as attach-vf programs it, and the source VF's MAC is cleared, as detach-vf does. Undone by moving
 * the definition back, rewritten to the source VFs, with their programming restored.
 */
public record MigrateOffline() implements Step {
    public static final String TYPE = WorkflowDefinition.MIGRATE_OFFLINE;
    public static final List<String> FLAGS = List.of("offline", "persist-dest", "undefine-source");

    public String type() { return TYPE; }

    @Override public boolean isMigration() { return true; }

    @Override public boolean isOfflineMove() { return true; }

    public void apply(RunContext ctx) {
        if (definedOnlyOn(ctx, ctx.destination())) {
            ctx.facts().put(FactKeys.VM_HOST, ctx.destination().name());
            return;
        }
        var onSource = ctx.source().hypervisor().domainState(ctx.vm());
        if (!onSource.isPresent() || onSource.isActive()) {
            throw new FailureException(new Failure.Unexpected("an offline move needs " + ctx.vm() + " defined and shut off on "
                    + ctx.source().name() + ", but " + where(ctx)));
        }
        String definition = definition(ctx, ctx.source());
        for (VfFacts vf : ctx.vfs()) ctx.destination().pool(vf.network()).prepare(destinationVf(vf), vf.settings());
        for (VfFacts vf : ctx.vfs()) {
            // a running domain may use it (started by hand with it, or given it before definitions held their VFs): it keeps its MAC
            if (noRunningDomainUses(ctx.source(), vf)) ctx.source().pool(vf.network()).clearMac(vf.sourceVf(), vf.settings());
        }
        String moved = retarget(ctx, definition, ctx.source(), ctx.destination(), VfFacts::sourceVf, MigrateOffline::destinationVf);
        ctx.source().hypervisor().migrateOffline(ctx.vm(), ctx.destination().hypervisor(), moved);
        if (!definedOnlyOn(ctx, ctx.destination())) {
            throw new FailureException(new Failure.Unexpected("the offline migration reported success but " + where(ctx)));
        }
        ctx.facts().put(FactKeys.VM_HOST, ctx.destination().name());
    }

    /** Idempotent: the definition goes back when it is on the destination only; the VFs' programming is restored in any case. */
    public void compensate(RunContext ctx) {
        if (definedOnlyOn(ctx, ctx.destination())) {
            String definition = definition(ctx, ctx.destination());
            String back = retarget(ctx, definition, ctx.destination(), ctx.source(), MigrateOffline::destinationVf, VfFacts::sourceVf);
            ctx.destination().hypervisor().migrateOffline(ctx.vm(), ctx.source().hypervisor(), back);
        }
        // defined on the source only (shut off, or started there by hand meanwhile): the definition is where it was
        if (!ctx.source().hypervisor().domainState(ctx.vm()).isPresent() || ctx.destination().hypervisor().domainState(ctx.vm()).isPresent()) {
            throw new FailureException(new Failure.Unexpected("cannot move the definition back: " + where(ctx)));
        }
        ctx.facts().put(FactKeys.VM_HOST, ctx.source().name());
        for (VfFacts vf : ctx.vfs()) {
            vf.destinationVf().ifPresent(d -> PendingCleanups.tryOn(ctx, ctx.destination(), "the MAC programmed on " + d,
                    () -> ctx.destination().pool(vf.network()).clearMac(d, vf.settings())));
            // programmed again only where no running domain uses it (apply cleared it only then)
            if (noRunningDomainUses(ctx.source(), vf)) ctx.source().pool(vf.network()).prepare(vf.sourceVf(), vf.settings());
        }
    }

    /**
     * No running domain of {@code host} uses the source VF, so none has its MAC programmed there. Not the pool's
     * {@code free()}: the VM's own shut-off definition names that VF, which makes it not free but programs nothing.
     */
    private static boolean noRunningDomainUses(Host host, VfFacts vf) {
        var pool = host.pool(vf.network());
        return host.hypervisor().runningDomainXmls().stream().map(DomainDescription::parse)
                .noneMatch(d -> pool.attachedTo(d).stream().anyMatch(a -> a.vf().id().equals(vf.sourceVf().id())));
    }

    /** The VM is defined (and not running) on {@code host}, and not at all on the other host. */
    static boolean definedOnlyOn(RunContext ctx, Host host) {
        Host other = host == ctx.source() ? ctx.destination() : ctx.source();
        var here = host.hypervisor().domainState(ctx.vm());
        return here.isPresent() && !here.isActive() && !other.hypervisor().domainState(ctx.vm()).isPresent();
    }

    private static String where(RunContext ctx) {
        return ctx.vm() + " is " + ctx.source().hypervisor().domainState(ctx.vm()) + " on " + ctx.source().name() + " and "
                + ctx.destination().hypervisor().domainState(ctx.vm()) + " on " + ctx.destination().name();
    }

    private static String definition(RunContext ctx, Host host) {
        return host.hypervisor().definedDomainXml(ctx.vm()).orElseThrow(() -> new FailureException(
                new Failure.Unexpected(ctx.vm() + " has no persistent definition on " + host.name())));
    }

    private static Vf destinationVf(VfFacts vf) {
        return vf.destinationVf().orElseThrow(() -> new FailureException(
                new Failure.Unexpected("no destination VF was chosen for VF " + vf.index() + " (" + vf.mac() + ")")));
    }

    /** The definition read on {@code from}, each VF's interface (there: {@code fromVf}) replaced by the device of {@code toVf} on {@code to}. */
    private static String retarget(RunContext ctx, String definition, Host from, Host to, Function<VfFacts, Vf> fromVf,
                                   Function<VfFacts, Vf> toVf) {
        DomainDescription domain = DomainDescription.parse(definition);
        Map<DomainInterface, String> devices = new LinkedHashMap<>();
        for (VfFacts vf : ctx.vfs()) {
            Vf there = fromVf.apply(vf);
            AttachedVf attached = from.pool(vf.network()).attachedTo(domain).stream().filter(a -> a.vf().id().equals(there.id()))
                    .findFirst().orElseThrow(() -> new FailureException(new Failure.Unexpected("the definition of " + ctx.vm() + " on "
                            + from.name() + " has no interface on VF " + there)));
            devices.put(attached.iface(), to.pool(vf.network()).deviceXml(toVf.apply(vf), vf.settings()));
        }
        return devices.isEmpty() ? definition : DomainDefinitions.retarget(definition, devices);
    }

    public StepPlan plan(RunContext ctx) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("from", ctx.source().name());
        p.put("to", ctx.destination().name());
        p.put("flags", FLAGS);
        for (VfFacts vf : ctx.vfs()) {
            p.put("vf." + vf.index(), vf.sourceVf().id() + " -> " + vf.destinationVf().map(Vf::toString).orElse("?") + " (" + vf.mac() + ")");
        }
        return new StepPlan(TYPE, "move the definition of the shut-off " + ctx.vm() + " from " + ctx.source().name() + " to "
                + ctx.destination().name() + " (offline migration" + (ctx.vfs().isEmpty() ? "" : ", its VFs rewritten to destination VFs") + ")", p);
    }
}
