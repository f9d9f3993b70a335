package io.vfmigrate.app.run;

import io.vfmigrate.app.LeaseKeeper;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.MoveSlotWait;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Plan;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
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
import io.vfmigrate.workflow.steps.StepTypes;
import java.util.ArrayList;
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
        Optional<String> before = s.vmHolder(req.vm()).or(() -> openRunOf(req.vm()));
        if (before.isPresent()) return refused(req, req.from().orElse(""), workflow, before.get());
        // Where the VM is, asked of the hosts (read-only) before the lease: a VM that no host runs is refused with the
        // state store as it was (no store created for a lease that would be released at once).
        Host destination = s.connector().connect(destConfig);
        Host source = req.from().map(f -> s.connector().connect(s.inventory().host(f)))
                .orElseGet(() -> new VmLocator(s).locate(req.vm(), workflow.offline()));
        Services.VmClaim claim = req.dryRun() ? new Services.VmClaim(Optional.empty(), Optional.empty()) : s.takeVm(req.vm(), runId);
        if (claim.refusal().isPresent()) return refused(req, source.name(), workflow, claim.refusal().get());
        AtomicBoolean journaled = new AtomicBoolean();
        try {
            boolean ownSlot = !req.dryRun() && !req.slotHeld();
            if (ownSlot) {
                Optional<String> stopped = waitForSlot(req, source.name(), runId, claim.fence().orElseThrow(), controls);
                if (stopped.isPresent()) return refused(req, source.name(), workflow, stopped.get());
            }
            MigrationResult result = null;
            Optional<String> slotError = Optional.empty();
            try {
                result = plannedRun(req, workflow, source, destination, claim.fence(), runId, listeners, journaled,
                        withInventoryLayers(s, controls, destConfig));
            } finally {
                if (ownSlot) slotError = releaseSlot(runId, req.vm());
            }
            return slotError.map(result::withSecondaryError).orElse(result);
        } finally {
            // A run in the journal keeps or frees its leases by its end state (RunExecution); any other frees them here.
            if (!journaled.get()) releaseLeases(runId);
        }
    }

    private MigrationResult plannedRun(MigrateRequest req, WorkflowDefinition workflow, Host source, Host destination,
                                       Optional<Leases.Fence> fence, String runId, List<RunListener> listeners,
                                       AtomicBoolean journaled, RunControls controls) {
        Facts facts = new Facts();
        VfReservations reservations = req.dryRun() ? LeaseReservations.lookOnly(s) : new LeaseReservations(s, runId);
        Preflight pf = new MigrationPlanner(s.guestTimeout(), req.allowOutage(), req.plannedVfs()).prepare(req.vm(), source, destination, workflow, facts, reservations::reserve);
        RunContext ctx = new RunContext(runId, req.vm(), source, destination, facts, s.poll(), reservations, s.guestTimeout(), controls);
        List<Step> steps = StepTypes.build(workflow.steps());
        List<StepPlan> stepPlans = pf.passed() ? steps.stream().map(st -> st.plan(ctx)).toList() : List.of();
        Plan plan = new Plan(req.vm(), source.name(), destination.name(), workflow.name(), pf.checks(), stepPlans);
        if (req.dryRun() || !pf.passed()) {
            return new MigrationResult(plan, Optional.empty(), Optional.empty());
        }
        ctx.vfs().forEach(vf -> reservations.reserve(vf.sourceVf()));
        RunRecord record = new RunRecord(runId, req.vm(), source.name(), destination.name(), workflow.name(),
                Map.of("workflow", workflow.name(), "workflow.text", workflow.text()), RunState.PENDING, s.coordinator(), s.clock().instant(), s.clock().instant());
        Journal journal = s.journal().fenced(fence.orElseThrow());
        journal.create(record);
        journaled.set(true);
        journal.append(runId, new JournalEntry(s.clock().instant(), JournalEntry.Kind.STATE, -1, "", "planned", facts.drainChanges()));
        RunOutcome outcome = RunExecution.run(s, fence.get(), listeners,
                engine -> engine.execute(new RunProgress(record, steps), ctx, workflow.recovery()));
        if (outcome.state().isOpen() || outcome.journalLag().isPresent()) return new MigrationResult(plan, Optional.of(outcome), Optional.empty());
        try {
            LeftBehind.journal(s, ctx);
        } catch (RuntimeException e) {
            outcome = outcome.withSecondaryError("could not journal what the run left behind: " + e.getMessage());
        }
        return new MigrationResult(plan, Optional.of(outcome), Optional.empty());
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
     */
    private Optional<String> waitForSlot(MigrateRequest req, String source, String runId, Leases.Fence fence, RunControls controls) {
        try (LeaseKeeper keeper = new LeaseKeeper(s.leases(), fence, s.leaseTtl())) {
            return new MoveSlotWait(s).await(runId, req.vm(), source, req.to(), Integer.MAX_VALUE, controls.stopRequested(),
                    why -> org.slf4j.LoggerFactory.getLogger(MigrateVm.class).warn("{} waits for a move slot: {}", req.vm(), why));
        }
    }

    private static MigrationResult refused(MigrateRequest req, String source, WorkflowDefinition workflow, String why) {
        return new MigrationResult(new Plan(req.vm(), source, req.to(), workflow.name(), List.of(), List.of()), Optional.empty(), Optional.of(why));
    }

    /** The inventory's policy layers (its defaults, then the destination host's) put before the workflow's. */
    static RunControls withInventoryLayers(Services s, RunControls controls, Inventory.HostConfig destination) {
        List<PolicyLayers.Layer> before = List.of(
                new PolicyLayers.Layer("inventory defaults", s.inventory().migrationDefaults()),
                new PolicyLayers.Layer("destination host " + destination.name(), destination.migration()));
        return new RunControls(before, controls.afterWorkflow(), controls.observer(), controls.stopRequested());
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

    /** Finds the one inventory host the VM runs on (for an offline move: is defined and shut off on), when --from is not given. */
    record VmLocator(Services s) {
        Host locate(String vm, boolean offline) {
            List<Host> found = new ArrayList<>();
            List<String> unreachable = new ArrayList<>();
            for (Inventory.HostConfig h : s.inventory().hosts().values()) {
                try {
                    Host host = s.connector().connect(h);
                    var state = host.hypervisor().domainState(vm);
                    if (offline ? state.isPresent() && !state.isActive() : host.hypervisor().isActive(vm)) found.add(host);
                } catch (FailureException e) {
                    unreachable.add(h.name() + " (" + e.failure().message() + ")");
                }
            }
            if (found.isEmpty()) {
                throw new ConfigException("VM '" + vm + "' " + (offline ? "is shut off" : "runs") + " on no reachable host of the inventory " + s.inventory().source()
                        + (unreachable.isEmpty() ? "" : "; unreachable: " + String.join(", ", unreachable)) + "; name its host with --from");
            }
            if (found.size() > 1) throw new ConfigException("VM '" + vm + "' runs on several hosts: " + found + "; name one with --from");
            return found.get(0);
        }
    }
}
