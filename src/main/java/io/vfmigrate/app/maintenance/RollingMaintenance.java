package io.vfmigrate.app.maintenance;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MoveGate;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.RollingHostRow;
import io.vfmigrate.app.RollingHostRow.Result;
import io.vfmigrate.app.RollingProgress;
import io.vfmigrate.app.RollingRequest;
import io.vfmigrate.app.RollingResult;
import io.vfmigrate.app.Rollings;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.maintenance.RollingRecord.HostState;
import io.vfmigrate.app.maintenance.RollingRecord.Phase;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.workflow.StopRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * `rolling`: one host at a time, in the order given, maintenance enter -> hook -> health gate -> maintenance exit with
 * return ({@link RollingHost}), journaled as one parent record ({@link RollingRecord}). A host that fails (its evacuation,
 * hook or health gate) stays in maintenance; the rolling stops once more than {@code maxFailedHosts} failed. `resume ROLL`
 * goes on from where the journal says each host stands. The operator's stop leaves the rolling open at the next phase.
 * A gate on the next host (a schedule's window) lets the host in progress finish, and starts no other.
 */
public final class RollingMaintenance {
    private final Services s;

    public RollingMaintenance(Services services) { this.s = services; }

    /** The rolling for a use case that runs one as a part (a schedule): its phases heard by {@code controls}, no evacuation lines. */
    public static Rollings on(Services s) {
        RollingMaintenance rolling = new RollingMaintenance(s);
        return new Rollings() {
            @Override public RollingResult run(RollingRequest request, Map<String, String> marks, Controls c) {
                return rolling.run(request, marks, c.evacuation(), listeners(c));
            }

            @Override public RollingResult resume(String rollingId, Controls c) { return rolling.resume(rollingId, c.evacuation(), listeners(c)); }
        };
    }

    private static Listeners listeners(Rollings.Controls c) {
        return new Listeners(EvacuationProgress.NONE, MaintenanceProgress.NONE, c.progress(), c.stop(), c.nextHost());
    }

    /** A host's evacuation plan as if the hosts before it were back (they are, now), and the commands it will run. */
    public record HostPlan(String host, EvacuationResult evacuation) {}

    /**
     * How the rolling's parts are heard and driven: the evacuation's moves, the maintenance's phases, the rolling's, the operator's
     * stop, and the gate asked before each host not started yet ({@link Rollings.Controls#nextHost}).
     */
    public record Listeners(EvacuationProgress moves, MaintenanceProgress phases, RollingProgress rolling, StopRequest stop, MoveGate nextHost) {
        public Listeners(EvacuationProgress moves, MaintenanceProgress phases, RollingProgress rolling, StopRequest stop) {
            this(moves, phases, rolling, stop, MoveGate.OPEN);
        }
    }

    public List<HostPlan> dryRun(RollingRequest request, Evacuations.Evacuation evacuation) {
        check(request);
        return request.hosts().stream().map(h -> new HostPlan(h, evacuation.plan(request.evacuationOf(h)))).toList();
    }

    public RollingResult run(RollingRequest request, Evacuations.Evacuation evacuation, Listeners l) {
        return run(request, Map.of(), evacuation, l);
    }

    private RollingResult run(RollingRequest request, Map<String, String> marks, Evacuations.Evacuation evacuation, Listeners l) {
        check(request);
        try (RollingRecord record = RollingRecord.start(s, request, marks)) {
            l.rolling().started(record.id(), request.hosts(), false);
            return drive(record, request, Map.of(), evacuation, l);
        }
    }

    public RollingResult resume(String rollingId, Evacuations.Evacuation evacuation, Listeners l) {
        RunRecord r = s.journal().find(rollingId).orElseThrow(() -> new ConfigException("no run '" + rollingId + "' in the journal"));
        if (!ParentRuns.isRolling(r)) throw new ConfigException("run " + rollingId + " is not a rolling maintenance");
        RollingRequest request = RollingRequest.of(r.params());
        try (RollingRecord record = RollingRecord.resume(s, r)) {
            l.rolling().started(record.id(), request.hosts(), true);
            return drive(record, request, record.hosts(), evacuation, l);
        }
    }

    /** Every host known to the inventory, none in maintenance already (the rolling's own are taken up by `resume`). */
    private void check(RollingRequest request) {
        request.check(s.inventory());
        for (String host : request.hosts()) {
            s.maintenances().openOn(host).ifPresent(m -> {
                throw new ConfigException("host " + host + " is in maintenance already (" + m.id() + "): `vfmigrate maintenance exit " + host
                        + "` ends it first; nothing was changed");
            });
        }
    }

    private RollingResult drive(RollingRecord record, RollingRequest request, Map<String, HostState> states, Evacuations.Evacuation evacuation, Listeners l) {
        RollingHost hosts = new RollingHost(s, record, request, evacuation, l.moves(), l.phases(), l.rolling(), l.stop());
        List<RollingHostRow> rows = new ArrayList<>();
        int exitCode = ExitCode.DONE;
        int failed = 0;
        List<String> order = request.hosts();
        for (int i = 0; i < order.size(); i++) {
            String host = order.get(i);
            Optional<HostState> state = Optional.ofNullable(states.get(host));
            if (state.map(st -> st.last() == Phase.RETURNED || st.last() == Phase.FAILED).orElse(false)) {
                RollingHostRow row = earlier(host, state.get());
                rows.add(row);
                if (row.result() == Result.FAILED) {
                    failed++;
                    exitCode = Math.max(exitCode, ExitCode.FAILED_COMPENSATED);
                }
                continue;
            }
            if (l.stop().getAsBoolean() && state.isEmpty()) {
                return stopped(record, rows, order, i, "stopped by " + l.stop().by() + " before " + host);
            }
            Optional<MoveGate.Closed> closed = state.isEmpty() ? l.nextHost().closed() : Optional.empty();
            if (closed.isPresent() && closed.get().leaveOpen()) return stopped(record, rows, order, i, closed.get().reason() + " before " + host);
            if (closed.isPresent()) {
                // a window's end, as an evacuation's: the rolling ends here, the hosts not started named
                exitCode = Math.max(exitCode, ExitCode.FAILED_COMPENSATED);
                notStarted(rows, order, i, "not started: " + closed.get().reason());
                record.finish(exitCode, "not started: " + String.join(", ", order.subList(i, order.size())) + " (" + closed.get().reason() + ")");
                return new RollingResult(record.id(), rows, exitCode, false);
            }
            l.rolling().hostStarted(host, i + 1, order.size(), state.isPresent());
            RollingHost.Outcome o = hosts.run(host, state);
            rows.add(o.row());
            if (o.stopped()) return stopped(record, rows, order, i + 1, host + ": " + o.row().detail());
            exitCode = Math.max(exitCode, o.exitCode());
            if (o.failed()) failed++;
            if (failed > request.maxFailedHosts() || o.exitCode() == ExitCode.NEEDS_OPERATOR) {
                notStarted(rows, order, i + 1, "");
                record.finish(exitCode, "stopped at " + host + " (" + o.row().detail() + ")");
                return new RollingResult(record.id(), rows, exitCode, false);
            }
        }
        record.finish(exitCode, rows.stream().filter(r -> r.result() == Result.RETURNED).count() + " host(s) back, " + failed + " failed");
        return new RollingResult(record.id(), rows, exitCode, false);
    }

    private RollingResult stopped(RollingRecord record, List<RollingHostRow> rows, List<String> order, int from, String why) {
        notStarted(rows, order, from, "");
        record.leaveOpen(why);
        return new RollingResult(record.id(), rows, ExitCode.FAILED_COMPENSATED, true);
    }

    private static void notStarted(List<RollingHostRow> rows, List<String> order, int from, String detail) {
        for (String h : order.subList(from, order.size())) rows.add(new RollingHostRow(h, 0, "-", 0, Duration.ZERO, Result.NOT_STARTED, detail));
    }

    /** A host that ended before a resume, as its entries say. */
    private static RollingHostRow earlier(String host, HostState st) {
        Map<String, String> f = st.facts();
        int out = Integer.parseInt(f.getOrDefault("vms-out", "0"));
        String hook = f.containsKey("hook-exit") ? "exit " + f.get("hook-exit") + " in " + f.get("hook-took") : f.getOrDefault("hook", "-");
        boolean back = st.last() == Phase.RETURNED;
        return new RollingHostRow(host, out, hook, Integer.parseInt(f.getOrDefault("vms-returned", "0")), Duration.ZERO,
                back ? Result.RETURNED : Result.FAILED, (back ? "" : "failed before: ") + f.getOrDefault("detail", "before the resume"));
    }
}
