package io.vfmigrate.app.maintenance;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.FleetSurvey;
import io.vfmigrate.app.PlanPredictions;
import io.vfmigrate.app.ReturnPlan;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.PlacementRules;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.planning.EvacuationRequest;
import io.vfmigrate.planning.FleetSnapshot;
import io.vfmigrate.planning.HostView;
import io.vfmigrate.planning.PlacementResult;
import io.vfmigrate.planning.ReturnPlacement;
import io.vfmigrate.planning.Waves;
import io.vfmigrate.ports.Maintenances;
import io.vfmigrate.ports.Maintenances.Maintenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * `maintenance exit HOST`: enables the host and moves back every VM of its origin map that may return
 * ({@link OriginCheck}), through the evacuation's machinery with the destination fixed to the host, each with the
 * workflow it left with; then closes the record. `--no-return` only enables and closes; a dry run plans and changes
 * nothing. A move back cut short (its coordinator died, a signal) is taken up again by the same command.
 */
public final class ExitMaintenance {
    /** For a VM that left shut off and runs now: it needs a bond workflow to move back live. */
    public static final String BOND_WORKFLOW = "bond-macvtap";

    private final Services s;
    private final Maintenances records;

    public ExitMaintenance(Services services) {
        this.s = services;
        this.records = services.maintenances();
    }

    public record Options(boolean noReturn, boolean dryRun, int parallel, int maxPerDestination) {}

    /** {@code moves}: the moves back (none with --no-return, a dry run, or nothing to move); {@code rows}: every VM of the origin map. */
    public record Result(Maintenance maintenance, List<HostReturn> rows, Optional<EvacuationPlan> plan, Optional<EvacuationResult> moves,
                         int exitCode, boolean leftOpen) {}

    public Result exit(String host, Options o, Evacuations.Evacuation evacuation, EvacuationProgress progress, MaintenanceProgress phases) {
        s.inventory().host(host);
        Maintenance m = records.openOn(host).orElseThrow(() -> new ConfigException("host " + host + " is not in maintenance; nothing was changed"));
        if (m.phase() == Maintenances.Phase.ENTERING) {
            if (o.dryRun()) {
                throw new ConfigException("maintenance " + m.id() + " of host " + host + " has not finished entering: `vfmigrate maintenance enter "
                        + host + "` goes on with it; nothing was changed");
            }
            m = new EnterMaintenance(s).settle(m);
        }
        if (o.noReturn()) return withoutReturn(m, o.dryRun(), phases);
        Optional<RunRecord> moving = m.returnRun().flatMap(s.journal()::find);
        Maintenance current = m;
        if (!o.dryRun() && moving.filter(r -> r.state().isOpen()).isPresent()) {
            s.hostFlags().enable(host);
            Planned[] last = new Planned[1];
            EvacuationResult r = evacuation.resumeMoveBack(moving.get().id(), () -> {
                last[0] = plan(current, o, moving.map(RunRecord::created), phases);
                return last[0].plan();
            }, progress);
            return end(current, last[0], r, phases);
        }
        Planned planned = plan(m, o, moving.map(RunRecord::created), phases);
        if (o.dryRun()) return new Result(m, planned.wouldBe(), Optional.of(planned.plan().plan()), Optional.empty(), ExitCode.DONE, false);
        s.hostFlags().enable(host);
        Maintenance linked = m;
        EvacuationResult r = evacuation.moveBack(planned.plan(), EvacuationProgress.both(new EvacuationProgress() {
            @Override public void started(String returnId, EvacuationPlan plan, boolean resumed) { records.returning(linked.id(), returnId); }
        }, progress));
        return end(m, planned, r, phases);
    }

    /** The moves back and the VMs that stay (with why), from a fresh look at the fleet; refused when the host does not answer. */
    private Planned plan(Maintenance m, Options o, Optional<Instant> exitStarted, MaintenanceProgress phases) {
        FleetSnapshot fleet = new FleetSurvey(s).all();
        HostView into = fleet.host(m.host()).orElseThrow();
        if (!into.reachable()) {
            throw new ConfigException("host " + m.host() + " does not answer: " + into.unreachable().get() + "; nothing was changed");
        }
        List<OriginCheck.Verdict> verdicts = new OriginCheck(s).check(m, fleet, exitStarted);
        List<ReturnPlacement.Returning> returning = verdicts.stream().filter(OriginCheck.Verdict::returns)
                .map(v -> new ReturnPlacement.Returning(v.origin().vm(), v.now(), v.origin().workflow())).toList();
        PlacementRules rules = s.inventory().placementRules();
        EvacuationRequest request = new EvacuationRequest(m.host(), Set.of(), Set.of(m.host()), Set.of(), rules.antiAffinity(),
                rules.memoryOvercommit(), rules.vcpuOvercommit(), false, BOND_WORKFLOW);
        PlacementResult placed = ReturnPlacement.place(fleet, m.host(), returning, request);
        List<Integer> waves = Waves.assign(placed.placements(), o.parallel(), o.maxPerDestination());
        List<EvacuationPlan.Move> moves = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) moves.add(new EvacuationPlan.Move(placed.placements().get(i), waves.get(i)));
        // the moves back predicted as an evacuation's are: a VM expected not to converge goes last
        EvacuationPlan plan = PlanPredictions.apply(s, new EvacuationPlan(m.host(), moves, placed.unplaceable()), List.of(), o.parallel(),
                o.maxPerDestination());
        List<HostReturn> stay = new ArrayList<>();
        for (OriginCheck.Verdict v : verdicts) {
            if (v.back()) stay.add(new HostReturn(v.origin().vm(), v.origin().wentTo(), HostReturn.Result.RETURNED, v.reason(), Optional.empty()));
            else if (!v.returns()) stay.add(new HostReturn(v.origin().vm(), v.now(), HostReturn.Result.STAYED, v.reason(), Optional.empty()));
        }
        phases.returnPlanned(m, stay, moves.size());
        ReturnPlan rp = new ReturnPlan(m.id(), m.host(), o.parallel(), o.maxPerDestination(), plan, ReturnPlacement.enabled(fleet, m.host()), request);
        Map<String, String> from = verdicts.stream().collect(Collectors.toMap(v -> v.origin().vm(), OriginCheck.Verdict::now));
        return new Planned(rp, stay, from);
    }

    /** {@code from}: where each VM of the origin map is now. */
    private record Planned(ReturnPlan plan, List<HostReturn> stay, Map<String, String> from) {
        List<HostReturn> wouldBe() {
            List<HostReturn> rows = new ArrayList<>(stay);
            plan.plan().moves().forEach(mv -> rows.add(new HostReturn(mv.placement().vm(), mv.placement().source(), HostReturn.Result.WOULD_RETURN,
                    "by " + mv.placement().workflow() + ", wave " + mv.wave(), Optional.empty())));
            plan.plan().unplaceable().forEach(u -> rows.add(new HostReturn(u.vm(), from.getOrDefault(u.vm(), "-"), HostReturn.Result.WOULD_STAY,
                    u.reason(), Optional.empty())));
            return rows;
        }
    }

    private Result end(Maintenance m, Planned planned, EvacuationResult r, MaintenanceProgress phases) {
        // a resumed return finishes the runs left open before it plans: the VMs they moved are back by then, and their
        // moves, not "already back", are their rows
        Set<String> moved = r.outcomes().stream().map(VmMoveOutcome::vm).collect(Collectors.toSet());
        List<HostReturn> rows = new ArrayList<>(planned == null ? List.of()
                : planned.stay().stream().filter(row -> !moved.contains(row.vm())).toList());
        Function<String, String> from = vm -> planned == null ? m.origin(vm).map(Maintenances.Origin::wentTo).orElse("-") : planned.from().getOrDefault(vm, "-");
        for (VmMoveOutcome o : r.outcomes()) rows.add(HostReturn.of(o, from.apply(o.vm())));
        Maintenance now = records.find(m.id()).orElseThrow();
        if (r.leftOpen()) return new Result(now, rows, r.plan(), Optional.of(r), exitCode(rows), true);
        Maintenance closed = close(now, "returned");
        phases.closed(closed, "returned");
        return new Result(closed, rows, r.plan(), Optional.of(r), exitCode(rows), false);
    }

    private Result withoutReturn(Maintenance m, boolean dryRun, MaintenanceProgress phases) {
        List<HostReturn> rows = m.origins().stream().map(o -> new HostReturn(o.vm(), o.wentTo(), dryRun ? HostReturn.Result.WOULD_STAY
                : HostReturn.Result.STAYED, "--no-return", Optional.empty())).toList();
        if (dryRun) return new Result(m, rows, Optional.empty(), Optional.empty(), ExitCode.DONE, false);
        s.hostFlags().enable(m.host());
        Maintenance closed = close(m, "exit --no-return");
        phases.closed(closed, "exit --no-return");
        return new Result(closed, rows, Optional.empty(), Optional.empty(), ExitCode.DONE, false);
    }

    private Maintenance close(Maintenance m, String how) {
        records.close(m.id(), s.clock().instant(), how);
        return records.find(m.id()).orElseThrow();
    }

    /** 0 when every VM of the origin map is back on the host; 3 when a run needs an operator; else 1 (some stayed). */
    static int exitCode(List<HostReturn> rows) {
        if (rows.stream().anyMatch(r -> r.result() == HostReturn.Result.NEEDS_OPERATOR)) return ExitCode.NEEDS_OPERATOR;
        if (rows.stream().anyMatch(r -> r.result() == HostReturn.Result.STAYED)) return ExitCode.FAILED_COMPENSATED;
        return ExitCode.DONE;
    }
}
