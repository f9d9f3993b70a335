package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.migration.MigrationPolicy;
import io.vfmigrate.migration.PolicyKey;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.MigrationRequest;
import io.vfmigrate.workflow.Contradiction;
import io.vfmigrate.workflow.FactKeys;
import io.vfmigrate.workflow.PendingCleanups;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.SettledCopies;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepDefinition;
import io.vfmigrate.workflow.StepPlan;
import io.vfmigrate.workflow.VmCopies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Live-migrates the VM to the destination: the point after which recovery only goes forward. */
public record Migrate(List<String> flags, Optional<Duration> maxDowntime, Optional<Integer> bandwidthMiBps, Duration timeout,
                      Map<String, String> policyParams) implements Step {
    public static final String TYPE = "migrate";
    public static final List<String> FLAGS = List.of("live", "persist-dest", "undefine-source", "abort-on-error", "auto-converge", "compressed", "tls");

    public static final String WORKFLOW = "workflow";

    public Migrate {
        policyParams = Map.copyOf(policyParams);
    }

    public String type() { return TYPE; }

    /** The policy keys this step's parameters set (the workflow's layer of the migration policy). */
    static Map<String, String> policyParams(StepDefinition d) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : List.of("downtime-raise-delay", "completion-timeout-per-gib", "progress-timeout")) {
            d.optionalDuration(key).ifPresent(v -> out.put(key, Durations.format(v)));
        }
        for (String key : List.of("auto-converge-initial", "auto-converge-increment", "parallel-connections")) {
            d.optionalInt(key).ifPresent(v -> out.put(key, Integer.toString(v)));
        }
        d.text("on-timeout").ifPresent(v -> out.put("on-timeout", v));
        d.text(PolicyKey.TLS.key()).ifPresent(v -> out.put(PolicyKey.TLS.key(), v));
        return out;
    }

    /**
     * The workflow's layer: its policy parameters, a fixed max-downtime, its bandwidth and the auto-converge and
     * tls flags (a flag is {@code yes}; an explicit {@code tls:} parameter wins over the flag).
     */
    PolicyLayers.Layer workflowLayer() {
        Map<String, String> values = new LinkedHashMap<>();
        if (flags.contains("tls")) values.put(PolicyKey.TLS.key(), "yes");
        values.putAll(policyParams);
        maxDowntime.ifPresent(d -> values.put(PolicyKey.DOWNTIME_SCHEDULE.key(), Durations.format(d)));
        bandwidthMiBps.ifPresent(b -> values.put(PolicyKey.BANDWIDTH.key(), Integer.toString(b)));
        if (flags.contains("auto-converge")) values.put(PolicyKey.AUTO_CONVERGE.key(), "yes");
        return new PolicyLayers.Layer(WORKFLOW, values);
    }

    public PolicyLayers.Resolved policy(RunContext ctx) { return policy(ctx.controls().beforeWorkflow(), ctx.controls().afterWorkflow()); }

    /** The policy in force: {@code before} (the inventory's layers), this step's, then {@code after} (the command line's). */
    public PolicyLayers.Resolved policy(List<PolicyLayers.Layer> before, List<PolicyLayers.Layer> after) {
        List<PolicyLayers.Layer> layers = new ArrayList<>(before);
        layers.add(workflowLayer());
        layers.addAll(after);
        return PolicyLayers.resolve(layers);
    }

    @Override public boolean isMigration() { return true; }

    public void apply(RunContext ctx) {
        if (!arrived(ctx)) {
            TemporaryMacvtap.createFor(ctx, ctx.source(), ctx.destination());
            try {
                ctx.source().hypervisor().migrate(ctx.vm(), ctx.destination().hypervisor(), request(ctx, ctx.destination()));
            } catch (FailureException e) {
                // the destination's macvtap stays: the job may still be running (a lost progress read does not abort it); the undo removes it
                if (!arrived(ctx)) throw e;
            }
            if (!arrived(ctx)) {
                throw new FailureException(new Failure.Unexpected("migration reported success but " + VmCopies.read(ctx)));
            }
        }
        ctx.facts().put(FactKeys.VM_HOST, ctx.destination().name());
        TemporaryMacvtap.deleteAllUnchecked(ctx, ctx.source());   // the VM is the destination's copy: none on the source is the VM
    }

    /**
     * Only a `rollback` of a run past the migration reaches here (recovery after it goes forward, and a
     * failed migration leaves the VM on the source): the VM migrates back to the source. Which copy is
     * the VM is read from both hosts (a paused copy is resumed, a stale one removed) before and after.
     */
    public void compensate(RunContext ctx) {
        // Ask the source first: after a failed migration it has the VM, and the destination may be down. Otherwise one read
        // of both hosts decides and settles: a source copy that runs beside a destination copy whose migration completed
        // is not the VM (see VmCopies).
        Optional<VmCopies> both = readBoth(ctx);
        if (both.isEmpty() && ctx.source().hypervisor().isRunning(ctx.vm())) {
            both = cleanTheDestination(ctx);
            if (both.isEmpty()) {
                keptOnTheSource(ctx);
                return;
            }
        }
        VmCopies now = both.orElseGet(() -> VmCopies.read(ctx));
        if (now.isOn(ctx.source()) && now.onSource().isRunning()) {
            VmCopies read = now;
            PendingCleanups.tryOn(ctx, ctx.destination(), DESTINATION_LEFTOVERS.formatted(ctx.vm()), () -> SettledCopies.settle(ctx, read, false));
            keptOnTheSource(ctx);
            return;
        }
        if (!now.isOn(ctx.source())) {
            if (now.authoritative().isEmpty()) {
                throw new FailureException(new Failure.Unexpected("cannot migrate back: " + now));
            }
            SettledCopies.settle(ctx, now, undefineSource());
            TemporaryMacvtap.createFor(ctx, ctx.destination(), ctx.source());
            ctx.destination().hypervisor().migrate(ctx.vm(), ctx.source().hypervisor(), request(ctx, ctx.source()));
            now = VmCopies.read(ctx);
        }
        SettledCopies.settle(ctx, now, false);
        if (!now.isOn(ctx.source())) throw new FailureException(new Failure.Unexpected("migrated back but " + now));
        keptOnTheSource(ctx);
    }

    private static final String DESTINATION_LEFTOVERS = "a copy of %s (incoming QEMU, its ports)";

    private static void keptOnTheSource(RunContext ctx) {
        ctx.facts().put(FactKeys.VM_HOST, ctx.source().name());
        TemporaryMacvtap.deleteAllUnchecked(ctx, ctx.destination());   // the VM runs on the source: no copy there is the VM
    }

    /** Both hosts' copies, read at once; empty when either host does not answer. */
    private static Optional<VmCopies> readBoth(RunContext ctx) {
        try {
            return Optional.of(VmCopies.read(ctx));
        } catch (FailureException e) {
            return Optional.empty();
        }
    }

    /**
     * The source's copy runs and the destination did not answer: its leftovers are removed if it answers now, else recorded
     * for later. Unless, answering now, it shows its own copy is the VM after all (its migration completed): then nothing
     * is removed and the copies are returned, for the VM to migrate back.
     */
    private static Optional<VmCopies> cleanTheDestination(RunContext ctx) {
        java.util.concurrent.atomic.AtomicReference<VmCopies> theDestinations = new java.util.concurrent.atomic.AtomicReference<>();
        PendingCleanups.tryOn(ctx, ctx.destination(), DESTINATION_LEFTOVERS.formatted(ctx.vm()), () -> {
            VmCopies now = VmCopies.read(ctx);
            if (now.isOn(ctx.source())) SettledCopies.settle(ctx, now, false);
            else theDestinations.set(now);
        });
        return Optional.ofNullable(theDestinations.get());
    }

    /** The VM is the destination's copy (resumed if paused, the source's copy removed): read from both hosts. */
    private boolean arrived(RunContext ctx) {
        VmCopies copies = VmCopies.read(ctx);
        if (!copies.isOn(ctx.destination())) return false;
        SettledCopies.settle(ctx, copies, undefineSource());
        return true;
    }

    public boolean undefineSource() { return flags.contains("undefine-source"); }

    /** The step's flags, but TLS only as the resolved policy says (`--policy tls=no` wins over the workflow's flag). */
    MigrationRequest request(RunContext ctx, Host to) {
        MigrationPolicy policy = policy(ctx).policy();
        EnumSet<MigrationRequest.Flag> set = EnumSet.noneOf(MigrationRequest.Flag.class);
        for (String f : flags) set.add(MigrationRequest.Flag.valueOf(f.toUpperCase(Locale.ROOT).replace('-', '_')));
        set.remove(MigrationRequest.Flag.TLS);
        if (policy.tls()) set.add(MigrationRequest.Flag.TLS);
        return new MigrationRequest(to.migrationUri(), set, policy, timeout, new StatsToFacts(ctx, policy.tls()));
    }

    /** Done: the VM is the destination's (read from both hosts, a paused copy is not a running one). */
    @Override
    public Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) {
        String journal = ctx.vm() + " was migrated to " + ctx.destination().name();
        VmCopies copies = VmCopies.read(ctx);
        try {
            if (copies.isOn(ctx.destination())) return Optional.empty();
        } catch (FailureException e) {
            return Optional.of(new Contradiction(journal, e.failure().message()));
        }
        return Optional.of(new Contradiction(journal, copies.authoritative().map(h -> "it runs on " + h.name() + " only").orElse("it runs nowhere")
                + " (" + copies + ")"));
    }

    public StepPlan plan(RunContext ctx) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("from", ctx.source().name());
        p.put("to", ctx.destination().name());
        p.put("migration-uri", ctx.destination().migrationUri().orElse("(libvirt's default)"));
        p.put("flags", flags);
        p.put("timeout", Durations.format(timeout));
        List<String> hostCommands = new ArrayList<>();
        for (var bond : ctx.bonds()) {
            TemporaryMacvtap.planSpec(ctx.destination(), bond).ifPresent(m -> m.createCommands(bond.mac(), bond.temporaryPortVlanOrPlanned())
                    .forEach(c -> hostCommands.add(GuestCommands.render(c) + "   # on " + ctx.destination().name())));
            TemporaryMacvtap.planSpec(ctx.source(), bond).ifPresent(m -> hostCommands.add(GuestCommands.render(TemporaryPortSpec.Macvtap.deleteCommand(bond.mac()))
                    + "   # on " + ctx.source().name() + ", once the VM has left"));
        }
        if (!hostCommands.isEmpty()) p.put("host-commands", hostCommands);
        policy(ctx).describe().forEach(p::put);
        return new StepPlan(TYPE, "live-migrate " + ctx.vm() + " from " + ctx.source().name() + " to " + ctx.destination().name(), p);
    }
}
