package io.vfmigrate.app.maintenance;

import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.planning.FleetSnapshot;
import io.vfmigrate.planning.HostView;
import io.vfmigrate.planning.VmView;
import io.vfmigrate.ports.Maintenances.Maintenance;
import io.vfmigrate.ports.Maintenances.Origin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether each VM of a maintenance's origin map may move back: only one that is still where the maintenance put it,
 * the same domain (UUID), and that no run moved since (the journal: a later run of that VM that was not undone).
 * Every other one is left where it is, with the reason.
 */
final class OriginCheck {
    private final Services s;

    OriginCheck(Services services) { this.s = services; }

    /** {@code back}: already on the host; {@code reason} for one that stays. */
    record Verdict(Origin origin, String now, boolean returns, boolean back, String reason) {}

    /** {@code exitStarted}: runs created since then are the exit's own moves back, not moves "since". */
    List<Verdict> check(Maintenance m, FleetSnapshot snapshot, Optional<Instant> exitStarted) {
        return m.origins().stream().map(o -> check(m, o, snapshot, exitStarted)).toList();
    }

    private Verdict check(Maintenance m, Origin o, FleetSnapshot snapshot, Optional<Instant> exitStarted) {
        Optional<HostView> where = snapshot.hosts().stream().filter(h -> h.vm(o.vm()).isPresent()).findFirst();
        if (where.isPresent() && where.get().name().equals(m.host())) return new Verdict(o, m.host(), false, true, "already on " + m.host());
        Optional<RunRecord> later = laterRun(o, exitStarted, m.since());
        if (later.isPresent()) {
            RunRecord r = later.get();
            return stays(o, where.map(HostView::name).orElse(o.wentTo()), "moved since: run " + r.id() + " (" + r.state() + ")"
                    + (r.destination().isEmpty() ? "" : " towards " + r.destination()));
        }
        if (where.isEmpty()) {
            List<String> silent = snapshot.hosts().stream().filter(h -> !h.reachable()).map(HostView::name).toList();
            return silent.isEmpty() ? stays(o, "-", "deleted: no host has it")
                    : stays(o, "unknown", "unknown: not on any host that answers (" + String.join(", ", silent) + " do(es) not answer)");
        }
        HostView h = where.get();
        if (!h.name().equals(o.wentTo())) return stays(o, h.name(), "moved since: now on " + h.name() + ", by no run of vfmigrate");
        VmView vm = h.vm(o.vm()).orElseThrow();
        if (!o.uuid().isEmpty() && !vm.uuid().isEmpty() && !vm.uuid().equals(o.uuid())) {
            return stays(o, h.name(), "redefined: its domain UUID is " + vm.uuid() + ", it left as " + o.uuid());
        }
        return new Verdict(o, h.name(), true, false, "");
    }

    private static Verdict stays(Origin o, String now, String why) { return new Verdict(o, now, false, false, why); }

    /** The newest run of the VM after the one that moved it away (and before the exit's own), unless undone (compensated). */
    private Optional<RunRecord> laterRun(Origin o, Optional<Instant> exitStarted, Instant since) {
        Instant moved = s.journal().find(o.runId()).map(RunRecord::created).orElse(since);
        return s.journal().runsOf(o.vm()).stream()
                .filter(r -> !r.id().equals(o.runId()) && !ParentRuns.isEvacuation(r) && !r.created().isBefore(moved))
                .filter(r -> exitStarted.map(r.created()::isBefore).orElse(true))
                .filter(r -> r.state() != RunState.COMPENSATED)
                .findFirst();
    }
}
