package io.vfmigrate.workflow.steps;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.MigrationRequest;
import io.vfmigrate.workflow.Durations;
import io.vfmigrate.workflow.FactKeys;
import io.vfmigrate.workflow.PendingCleanups;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import io.vfmigrate.workflow.VmCopies;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Live-migrates the VM to the destination: the point after which recovery only goes forward. */
public record Migrate(List<String> flags, Optional<Duration> maxDowntime, Optional<Integer> bandwidthMiBps, Duration timeout) implements Step {
    public static final String TYPE = "migrate";
    public static final List<String> FLAGS = List.of("live", "persist-dest", "undefine-source", "abort-on-error", "auto-converge", "compressed");

    public String type() { return TYPE; }

    @Override public boolean isMigration() { return true; }

    public void apply(RunContext ctx) {
        if (arrived(ctx)) {
            ctx.facts().put(FactKeys.VM_HOST, ctx.destination().name());
            return;
        }
        try {
            ctx.source().hypervisor().migrate(ctx.vm(), ctx.destination().hypervisor(), request(ctx, ctx.destination()));
        } catch (FailureException e) {
            if (!arrived(ctx)) throw e;
        }
        if (!arrived(ctx)) {
            throw new FailureException(new Failure.Unexpected("migration reported success but " + VmCopies.read(ctx)));
        }
        ctx.facts().put(FactKeys.VM_HOST, ctx.destination().name());
    }

    /**
     * Only a `rollback` of a run past the migration reaches here (recovery after it goes forward, and a
     * failed migration leaves the VM on the source): the VM migrates back to the source. Which copy is
     * the VM is read from both hosts (a paused copy is resumed, a stale one removed) before and after.
     */
    public void compensate(RunContext ctx) {
        // Ask the source first: after a failed migration it has the VM, and the destination may be down.
        if (ctx.source().hypervisor().isRunning(ctx.vm())) {
            PendingCleanups.tryOn(ctx, ctx.destination(), "a copy of " + ctx.vm() + " (incoming QEMU, its ports)",
                    () -> VmCopies.read(ctx).settle(false));
            ctx.facts().put(FactKeys.VM_HOST, ctx.source().name());
            return;
        }
        VmCopies copies = VmCopies.read(ctx);
        if (!copies.isOn(ctx.source())) {
            if (copies.authoritative().isEmpty()) {
                throw new FailureException(new Failure.Unexpected("cannot migrate back: " + copies));
            }
            copies.settle(undefineSource());
            ctx.destination().hypervisor().migrate(ctx.vm(), ctx.source().hypervisor(), request(ctx, ctx.source()));
            copies = VmCopies.read(ctx);
        }
        copies.settle(false);
        if (!copies.isOn(ctx.source())) throw new FailureException(new Failure.Unexpected("migrated back but " + copies));
        ctx.facts().put(FactKeys.VM_HOST, ctx.source().name());
    }

    /** The VM is the destination's copy (resumed if paused, the source's copy removed): read from both hosts. */
    private boolean arrived(RunContext ctx) {
        VmCopies copies = VmCopies.read(ctx);
        if (!copies.isOn(ctx.destination())) return false;
        copies.settle(undefineSource());
        return true;
    }

    public boolean undefineSource() { return flags.contains("undefine-source"); }

    MigrationRequest request(RunContext ctx, io.vfmigrate.ports.Host to) {
        EnumSet<MigrationRequest.Flag> set = EnumSet.noneOf(MigrationRequest.Flag.class);
        for (String f : flags) set.add(MigrationRequest.Flag.valueOf(f.toUpperCase(Locale.ROOT).replace('-', '_')));
        return new MigrationRequest(to.migrationUri(), set, maxDowntime, bandwidthMiBps.map(Integer::longValue), timeout);
    }

    public StepPlan plan(RunContext ctx) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("from", ctx.source().name());
        p.put("to", ctx.destination().name());
        p.put("migration-uri", ctx.destination().migrationUri().orElse("(libvirt's default)"));
        p.put("flags", flags);
        maxDowntime.ifPresent(d -> p.put("max-downtime", Durations.format(d)));
        bandwidthMiBps.ifPresent(b -> p.put("bandwidth-mib-per-s", b));
        p.put("timeout", Durations.format(timeout));
        return new StepPlan(TYPE, "live-migrate " + ctx.vm() + " from " + ctx.source().name() + " to " + ctx.destination().name(), p);
    }
}
