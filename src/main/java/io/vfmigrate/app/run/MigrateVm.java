package io.vfmigrate.app.run;

import io.vfmigrate.app.LeaseKeeper;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.MoveSlotWait;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Plan;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.planning.Check;
import io.vfmigrate.planning.ConvergenceCheck;
import io.vfmigrate.planning.MigrationPlanner;
import io.vfmigrate.planning.Preflight;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import io.vfmigrate.workflow.RunProgress;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import io.vfmigrate.workflow.VfReservations;
import io.vfmigrate.workflow.WorkflowDefinition;
import io.vfmigrate.workflow.steps.Migrate;
import io.vfmigrate.workflow.steps.StepTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The `migrate` use case: preflight, plan, and (unless a dry run) the journaled run. */
public final class MigrateVm {
    private final Services s;

    public MigrateVm(Services services) { this.s = services; }

    public MigrationResult run(MigrateRequest req, List<RunListener> listeners) {
        return run(req, listeners, RunControls.NONE);
    }

    /**
     * With the operator's controls: {@code controls.afterWorkflow()} is the command line's policy layer;
     * the inventory's layers (defaults, then the destination host) are put before the workflow's here.
     */
    public MigrationResult run(MigrateRequest req, List<RunListener> listeners, RunControls controls) {
        WorkflowDefinition workflow = s.workflows().load(req.workflow());
        Inventory.HostConfig destConfig = s.inventory().host(req.to());
        req.from().ifPresent(s.inventory()::host);
        String runId = s.runIds().get();
        // every log line of this run (on this thread) names the run and the VM
        try (var runMdc = org.slf4j.MDC.putCloseable("run", runId); var vmMdc = org.slf4j.MDC.putCloseable("vm", req.vm())) {
            return claimed(req, listeners, controls, workflow, destConfig, runId);
        }
    }

    private MigrationResult claimed(MigrateRequest req, List<RunListener> listeners, RunControls controls, WorkflowDefinition workflow,
                                    Inventory.HostConfig destConfig, String runId) {
        // One run per VM is decided first: a live holder is named first; an open run of the VM (its lease expired or not)
        // refuses before any lease is taken. Both are reads: a store that does not exist yet is not created by them.
        // A plain migrate looks first (its preflight, taking no lease, slot nor VF) and refuses from that, writing nothing:
        // a refusal creates no state store. A move of an evacuation (its record is journaled) takes its lease first.
        // The look begins before the check below: a run journaled before it either still holds the VM then (refused)
        // or ended before the look reads a host; one journaled after it is seen once the lease is held.
        Optional<LookAhead> look = req.dryRun() || req.slotHeld() ? Optional.empty() : Optional.of(LookAhead.begin(s, req.vm()));
        Optional<String> before = s.vmHolder(req.vm()).or(() -> openRunOf(req.vm()));
        if (before.isPresent()) return refused(req, req.from().orElse(""), workflow, before.get());
        // Where the VM is, asked of the hosts (read-only) before the lease.
        Host destination = s.connector().connect(destConfig);
        Host source = req.from().map(f -> s.connector().connect(s.inventory().host(f)))
                .orElseGet(() -> new VmLocator(s).locate(req.vm(), workflow.offline()));
        Move move = new Move(req, workflow, source, destination, runId, withInventoryLayers(s, controls, destConfig));
        if (req.dryRun()) {
            VfReservations lookOnly = LeaseReservations.lookOnly(s);
            return planned(move, lookOnly, lookOnly).result();
        }
        Optional<Looked> looked = look.map(l -> new Looked(l, planned(move, new LeaseReservations(s, runId), l)));
        if (looked.isPresent() && !looked.get().plan().passed()) return looked.get().plan().result();
        Services.VmClaim claim = s.takeVm(req.vm(), runId);
        if (claim.refusal().isPresent()) return refused(req, source.name(), workflow, claim.refusal().get());
        AtomicBoolean journaled = new AtomicBoolean();
        try {
            return leased(move, claim.fence().orElseThrow(), looked, listeners, journaled);
        } finally {
            // A run in the journal keeps or frees its leases by its end state (RunExecution); any other frees them here.
            if (!journaled.get()) releaseLeases(runId);
        }
    }

    /** With the VM's lease: the move slot of a plain migrate, the preflight the run trusts, and the journaled run. */
    private MigrationResult leased(Move m, Leases.Fence fence, Optional<Looked> looked, List<RunListener> listeners, AtomicBoolean journaled) {
        boolean ownSlot = !m.req().slotHeld();
        AtomicBoolean waited = new AtomicBoolean();
        if (ownSlot) {
            Optional<String> stopped = waitForSlot(m.req(), m.source().name(), m.runId(), fence, m.controls(), waited);
            if (stopped.isPresent()) return refused(m.req(), m.source().name(), m.workflow(), stopped.get());
        }
        MigrationResult result = null;
        Optional<String> slotError = Optional.empty();
        try {
            Planned trusted = looked.filter(l -> l.stillHolds(waited.get())).map(Looked::plan).orElseGet(() -> {
                VfReservations reservations = new LeaseReservations(s, m.runId());
                return planned(m, reservations, reservations);
            });
            result = trusted.passed() ? journaledRun(trusted, fence, listeners, journaled) : trusted.result();
        } finally {
            if (ownSlot) slotError = releaseSlot(m.runId(), m.req().vm());
        }
        return slotError.map(result::withSecondaryError).orElse(result);
    }

    /** The preflight of a plain migrate made before the VM's lease, and its plan. */
    private record Looked(LookAhead ahead, Planned plan) {
        /** Whether it may be trusted under the lease now (its VFs then reserved); else the preflight runs again under the lease. */
        boolean stillHolds(boolean waitedForSlot) {
            Optional<String> changed = waitedForSlot ? Optional.of("it waited for a move slot")
                    : ahead.changedSince(plan.ctx().reservations(), vf -> plan.ctx().destination().pool(vf.network()).free().stream()
                            .anyMatch(f -> f.id().equals(vf.id())));
            changed.ifPresent(why -> org.slf4j.LoggerFactory.getLogger(MigrateVm.class)
                    .info("the preflight runs again under the lease of {}: {}", plan.ctx().vm(), why));
            return changed.isEmpty();
        }
    }

    /** One move as asked, its hosts found, and the controls of its run (the inventory's layers included). */
    private record Move(MigrateRequest req, WorkflowDefinition workflow, Host source, Host destination, String runId, RunControls controls) {}

    /**
     * The preflight and the plan. The preflight chooses destination VFs through {@code chooser}: the run's own
     * {@code reservations} (which take them), or a look that takes none.
     */
    private Planned planned(Move m, VfReservations reservations, VfReservations chooser) {
        Facts facts = new Facts();
        MigrateRequest req = m.req();
        RunContext ctx = new RunContext(m.runId(), req.vm(), m.source(), m.destination(), facts, s.poll(), reservations, s.guestTimeout(), m.controls());
        List<Step> steps = StepTypes.build(m.workflow().steps());
        Optional<PolicyLayers.Resolved> policy = steps.stream().filter(Migrate.class::isInstance).map(st -> ((Migrate) st).policy(ctx)).findFirst();
        boolean tls = policy.map(p -> p.policy().tls()).orElse(false);
        Optional<ConvergenceCheck.Settings> convergence = policy.map(ConvergenceCheck.Settings::of);
        Preflight pf = new MigrationPlanner(s.guestTimeout(), req.allowOutage(), req.plannedVfs(), tls, convergence, s.poll())
                .prepare(req.vm(), m.source(), m.destination(), m.workflow(), facts, chooser::reserve);
        List<StepPlan> stepPlans = pf.passed() ? steps.stream().map(st -> st.plan(ctx)).toList() : List.of();
        Plan plan = new Plan(req.vm(), m.source().name(), m.destination().name(), m.workflow().name(), pf.checks(), stepPlans);
        return new Planned(pf.passed(), plan, m.workflow(), ctx, steps);
    }

    /** A preflight's plan, and what its run needs: the context (with the facts the preflight learned) and the steps. */
    private record Planned(boolean passed, Plan plan, WorkflowDefinition workflow, RunContext ctx, List<Step> steps) {
        /** A dry run, or a preflight that failed: the plan, no run. */
        MigrationResult result() { return new MigrationResult(plan, Optional.empty(), Optional.empty()); }
    }

    private MigrationResult journaledRun(Planned p, Leases.Fence fence, List<RunListener> listeners, AtomicBoolean journaled) {
        RunContext ctx = p.ctx();
        WorkflowDefinition workflow = p.workflow();
        ctx.vfs().forEach(vf -> ctx.reservations().reserve(vf.sourceVf()));
        RunRecord record = new RunRecord(ctx.runId(), ctx.vm(), ctx.source().name(), ctx.destination().name(), workflow.name(),
                Map.of("workflow", workflow.name(), "workflow.text", workflow.text()), RunState.PENDING, s.coordinator(), s.clock().instant(), s.clock().instant());
        Journal journal = s.journal().fenced(fence);
        journal.create(record);
        journaled.set(true);
        journal.append(ctx.runId(), new JournalEntry(s.clock().instant(), JournalEntry.Kind.STATE, -1, "", "planned", ctx.facts().drainChanges()));
        List<String> warnings = p.plan().preflight().stream().filter(c -> c.status() == Check.Status.WARNING).map(c -> c.check() + ": " + c.detail()).toList();
        if (!warnings.isEmpty()) RunListener.of(listeners).preflightWarnings(record, warnings);
        RunOutcome outcome = RunExecution.run(s, fence, listeners,
                engine -> engine.execute(new RunProgress(record, p.steps()), ctx, workflow.recovery()));
        if (outcome.state().isOpen() || outcome.journalLag().isPresent()) return new MigrationResult(p.plan(), Optional.of(outcome), Optional.empty());
        try {
            LeftBehind.journal(s, ctx);
        } catch (RuntimeException e) {
            outcome = outcome.withSecondaryError("could not journal what the run left behind: " + e.getMessage());
        }
        return new MigrationResult(p.plan(), Optional.of(outcome), Optional.empty());
    }

    /** Frees the leases of a run that was not journaled; a store that fails here is logged (they expire), never thrown over the run's end. */
    private void releaseLeases(String runId) {
        try {
            s.leases().releaseAll(runId);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(MigrateVm.class).warn("could not release the leases of run {} (they expire by themselves): {}",
                    runId, e.getMessage());
        }
    }

    /** Releases the move's slot; what failed, if it did (the slot then expires with the run's lease). Never throws: the run's outcome comes first. */
    private Optional<String> releaseSlot(String runId, String vm) {
        try {
            s.moveSlots().release(runId, vm);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("could not release the move slot of run " + runId + " (it expires with the run's lease): " + e.getMessage());
        }
    }

    /**
     * A `migrate` counts against the inventory-wide cap like an evacuation's moves (no per-destination limit of
     * its own); it waits for a slot with its VM lease kept alive. Empty when taken; why not when a signal stopped it.
     * {@code waited} is set when no slot was free at once.
     */
    private Optional<String> waitForSlot(MigrateRequest req, String source, String runId, Leases.Fence fence, RunControls controls,
                                         AtomicBoolean waited) {
        try (LeaseKeeper keeper = new LeaseKeeper(s.leases(), fence, s.leaseTtl())) {
            return new MoveSlotWait(s).await(runId, req.vm(), source, req.to(), Integer.MAX_VALUE, controls.stopRequested(), why -> {
                waited.set(true);
                org.slf4j.LoggerFactory.getLogger(MigrateVm.class).warn("{} waits for a move slot: {}", req.vm(), why);
            });
        }
    }

    private static MigrationResult refused(MigrateRequest req, String source, WorkflowDefinition workflow, String why) {
        return new MigrationResult(new Plan(req.vm(), source, req.to(), workflow.name(), List.of(), List.of()), Optional.empty(), Optional.of(why));
    }

    /** The inventory's policy layers (its defaults, then the destination host's) put before the workflow's. */
    static RunControls withInventoryLayers(Services s, RunControls controls, Inventory.HostConfig destination) {
        return new RunControls(s.inventory().migrationLayers(destination), controls.afterWorkflow(), controls.observer(), controls.stopRequested());
    }

    /**
     * An open run of the VM (any state that is not terminal, its lease expired or not) is not trusted
     * blindly: a new run is refused until it is resumed, rolled back or closed.
     */
    private Optional<String> openRunOf(String vm) {
        return s.journal().runs(false).stream()
                .filter(r -> r.vm().equals(vm) && !ParentRuns.isEvacuation(r))
                .findFirst()
                .map(r -> "VM " + vm + " has an open run " + r.id() + " (" + r.state() + ", " + r.source() + " -> " + r.destination()
                        + "): finish it first with `vfmigrate resume " + r.id() + "`, `vfmigrate rollback " + r.id()
                        + "`, or, if the VM is gone or was repaired by hand, `vfmigrate close " + r.id() + "`");
    }
}
