package io.vfmigrate.app.maintenance;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.FleetSurvey;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.planning.EvacuationRequest;
import io.vfmigrate.planning.FleetSnapshot;
import io.vfmigrate.ports.Maintenances;
import io.vfmigrate.ports.Maintenances.Maintenance;
import io.vfmigrate.ports.Maintenances.Origin;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * `maintenance enter HOST`: opens the host's maintenance record, disables the host ("maintenance (M)") and evacuates it
 * through the evacuation use case, recording each VM that left (the origin map) as its move ends. A maintenance whose
 * evacuation was cut short (its coordinator died, or a signal stopped it) is taken up again by the same command: its
 * evacuation is resumed, then the origin map is completed from the journal. A host in maintenance is refused.
 */
public final class EnterMaintenance {
    private final Services s;
    private final Maintenances records;

    public EnterMaintenance(Services services) {
        this.s = services;
        this.records = services.maintenances();
    }

    /** {@code maintenance}: the record, once opened (empty when the evacuation was refused before any change). */
    public record Result(Optional<Maintenance> maintenance, EvacuationResult evacuation, boolean resumed) {}

    /** The evacuation's plan alone; refused (exit 2) as the real command would refuse a host in maintenance. */
    public EvacuationResult dryRun(EvacuationRequestSpec spec, Evacuations.Evacuation evacuation) {
        s.inventory().host(spec.host());
        Optional<Maintenance> open = records.openOn(spec.host());
        if (open.isPresent() && open.get().phase() != Maintenances.Phase.ENTERING) throw inMaintenance(open.get());
        return evacuation.plan(spec);
    }

    public Result enter(EvacuationRequestSpec spec, Evacuations.Evacuation evacuation, EvacuationProgress progress, MaintenanceProgress phases) {
        s.inventory().host(spec.host());
        Optional<Maintenance> open = records.openOn(spec.host());
        if (open.isPresent()) {
            if (open.get().phase() != Maintenances.Phase.ENTERING) throw inMaintenance(open.get());
            return resume(open.get(), evacuation, progress, phases);
        }
        Recorder recorder = new Recorder(spec.host(), Optional.empty(), phases);
        EvacuationResult r = evacuation.run(spec, EvacuationProgress.both(recorder, progress));
        return finish(recorder.opened, r, false, phases);
    }

    private Result resume(Maintenance m, Evacuations.Evacuation evacuation, EvacuationProgress progress, MaintenanceProgress phases) {
        Optional<RunRecord> evac = evacuationOf(m);
        Recorder recorder = new Recorder(m.host(), Optional.of(m), phases);
        phases.started(m, true);
        EvacuationResult r = evac.filter(e -> e.state().isOpen()).isPresent()
                ? evacuation.resume(evac.get().id(), EvacuationProgress.both(recorder, progress))
                : new EvacuationResult(Optional.empty(), java.util.List.of(), 0, Optional.empty(), evac.map(RunRecord::id), false);
        return finish(Optional.of(m), r, true, phases);
    }

    private Result finish(Optional<Maintenance> opened, EvacuationResult r, boolean resumed, MaintenanceProgress phases) {
        if (opened.isEmpty() || r.leftOpen() || r.refusal().isPresent()) return new Result(opened.flatMap(m -> records.find(m.id())), r, resumed);
        Maintenance m = settle(opened.get());
        phases.entered(m);
        return new Result(Optional.of(m), r, resumed);
    }

    /** The evacuation of {@code m}: linked, or (a coordinator killed between opening and linking) the host's newest since. */
    Optional<RunRecord> evacuationOf(Maintenance m) {
        Optional<RunRecord> linked = m.evacuation().flatMap(s.journal()::find);
        if (linked.isPresent()) return linked;
        return s.journal().runsOf(ParentRuns.evacuationOf(m.host())).stream().filter(r -> !r.created().isBefore(m.since())).findFirst();
    }

    /**
     * Completes the origin map from the journal (a VM whose run ended but whose end the dead coordinator did not record:
     * each run off the host that succeeded since the maintenance began), reads each VM's domain UUID where it went, and
     * marks the record entered. Refused while the evacuation is still open.
     */
    Maintenance settle(Maintenance m) {
        Optional<RunRecord> evac = evacuationOf(m);
        if (evac.isPresent() && evac.get().state().isOpen()) {
            throw new ConfigException("maintenance " + m.id() + " of host " + m.host() + " has not finished entering: its evacuation "
                    + evac.get().id() + " is open; `vfmigrate maintenance enter " + m.host() + "` goes on with it");
        }
        evac.filter(e -> m.evacuation().isEmpty()).ifPresent(e -> records.evacuation(m.id(), e.id()));
        Set<String> known = m.origins().stream().map(Origin::vm).collect(Collectors.toCollection(HashSet::new));
        for (RunRecord r : s.journal().runs(true)) {
            if (ParentRuns.isEvacuation(r) || !r.source().equals(m.host()) || r.state() != RunState.SUCCEEDED
                    || r.created().isBefore(m.since()) || !known.add(r.vm())) continue;
            records.origin(m.id(), origin(m.host(), r.vm(), r.destination(), r.id(), r.workflow()));
        }
        Maintenance now = records.find(m.id()).orElseThrow();
        Set<String> went = now.origins().stream().filter(o -> o.uuid().isEmpty()).map(Origin::wentTo).collect(Collectors.toSet());
        if (!went.isEmpty()) {
            FleetSnapshot fleet = new FleetSurvey(s).of(went);
            for (Origin o : now.origins()) {
                if (!o.uuid().isEmpty()) continue;
                fleet.host(o.wentTo()).flatMap(h -> h.vm(o.vm())).filter(v -> !v.uuid().isEmpty()).ifPresent(v -> records.origin(m.id(),
                        new Origin(o.vm(), o.left(), o.wentTo(), o.runId(), o.workflow(), o.running(), v.uuid())));
            }
        }
        records.entered(m.id(), s.clock().instant());
        return records.find(m.id()).orElseThrow();
    }

    private static Origin origin(String host, String vm, String destination, String runId, String workflow) {
        return new Origin(vm, host, destination, runId, workflow, !EvacuationRequest.OFFLINE_WORKFLOW.equals(workflow), "");
    }

    private static ConfigException inMaintenance(Maintenance m) {
        String what = m.phase() == Maintenances.Phase.EXITING ? " is leaving maintenance " + m.id() + " (its VMs move back: `vfmigrate maintenance exit "
                + m.host() + "` goes on)" : " is in maintenance since " + m.since() + " (" + m.id() + "): `vfmigrate maintenance exit " + m.host()
                + "` ends it";
        return new ConfigException("host " + m.host() + what + "; nothing was changed");
    }

    /**
     * Opens the record when the evacuation is journaled (so that a refused evacuation leaves none), disables the host
     * for the maintenance, and records each VM that left as its move ends.
     */
    private final class Recorder implements EvacuationProgress {
        private final String host;
        private final MaintenanceProgress phases;
        volatile Optional<Maintenance> opened;

        Recorder(String host, Optional<Maintenance> opened, MaintenanceProgress phases) {
            this.host = host;
            this.opened = opened;
            this.phases = phases;
        }

        @Override public void started(String evacuationId, EvacuationPlan plan, boolean resumed) {
            if (opened.isEmpty()) {
                String id = evacuationId.startsWith("e") ? "m" + evacuationId.substring(1) : "maint-" + evacuationId;
                Maintenance m = Maintenance.opened(id, host, s.clock().instant(), s.coordinator());
                if (!records.open(m)) throw new ConfigException("host " + host + " entered maintenance meanwhile (another coordinator)");
                opened = Optional.of(m);
                phases.started(m, false);
            }
            records.evacuation(opened.get().id(), evacuationId);
            s.hostFlags().disable(host, "maintenance (" + opened.get().id() + ")", s.coordinator());
        }

        @Override public void moveEnded(VmMoveOutcome o) {
            if (o.result() != VmMoveOutcome.Result.MOVED || opened.isEmpty()) return;
            records.origin(opened.get().id(), origin(host, o.vm(), o.destination().orElseThrow(), o.runId().orElse(""), o.workflow()));
        }
    }
}
