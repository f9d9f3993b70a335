package io.vfmigrate.app.maintenance;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.RollingHostRow;
import io.vfmigrate.app.RollingHostRow.Result;
import io.vfmigrate.app.RollingProgress;
import io.vfmigrate.app.RollingRequest;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.maintenance.RollingRecord.HostState;
import io.vfmigrate.app.maintenance.RollingRecord.Phase;
import io.vfmigrate.model.ExecLine;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Maintenances;
import io.vfmigrate.workflow.StopRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One host of a rolling maintenance, from the phase the journal says it reached: maintenance enter, the hook, the health
 * gate, maintenance exit with return. Each phase is journaled before it acts. A hook journaled as started but not ended
 * (its coordinator died) runs again only when the rolling declared it idempotent; else the host fails, left in maintenance.
 * The operator's stop is heard between phases: the host is left where it is, the rolling open.
 */
final class RollingHost {
    /** What came of the host; {@code exitCode} of its moves back (1: some VMs stayed away, 3: a run needs an operator). */
    record Outcome(RollingHostRow row, int exitCode) {
        boolean failed() { return row.result() == Result.FAILED; }

        boolean stopped() { return row.result() == Result.STOPPED; }
    }

    private final Services s;
    private final RollingRecord record;
    private final RollingRequest request;
    private final Evacuations.Evacuation evacuation;
    private final EvacuationProgress moves;
    private final MaintenanceProgress phases;
    private final RollingProgress progress;
    private final StopRequest stop;

    RollingHost(Services s, RollingRecord record, RollingRequest request, Evacuations.Evacuation evacuation, EvacuationProgress moves,
                MaintenanceProgress phases, RollingProgress progress, StopRequest stop) {
        this.s = s;
        this.record = record;
        this.request = request;
        this.evacuation = evacuation;
        this.moves = moves;
        this.phases = phases;
        this.progress = progress;
        this.stop = stop;
    }

    Outcome run(String host, Optional<HostState> state) {
        Phase at = state.map(HostState::last).orElse(null);
        Instant since = state.map(HostState::since).orElse(s.clock().instant());
        Map<String, String> facts = state.map(HostState::facts).orElse(Map.of());
        if (at == null) record.phase(host, Phase.STARTED, "", Map.of());
        if (at == null || at == Phase.STARTED) {
            Optional<Outcome> ended = enter(host, since);
            if (ended.isPresent()) return ended.get();
            facts = record.hosts().get(host).facts();
            at = Phase.ENTERED;
        }
        int out = Integer.parseInt(facts.getOrDefault("vms-out", "0"));
        if (at == Phase.ENTERED || at == Phase.HOOK_STARTED) {
            if (stop.getAsBoolean()) return stopped(host, out, "-", since, "before its hook");
            Optional<Outcome> ended = hook(host, at == Phase.HOOK_STARTED, facts, out, since);
            if (ended.isPresent()) return ended.get();
            facts = record.hosts().get(host).facts();
            at = Phase.HOOK_ENDED;
        }
        String hook = "exit " + facts.getOrDefault("hook-exit", "?") + " in " + facts.getOrDefault("hook-took", "?");
        if (at == Phase.HOOK_ENDED) {
            if (stop.getAsBoolean()) return stopped(host, out, hook, since, "before its health gate");
            Instant started = s.clock().instant();
            Optional<String> sick = new HealthGate(s).await(host, HealthGate.parse(facts.getOrDefault("vfs", "")), request.healthArgv(),
                    request.healthTimeout());
            if (sick.isPresent()) return failed(host, out, hook, since, "health gate: " + sick.get());
            record.phase(host, Phase.HEALTH_PASSED, "", Map.of());
            progress.healthPassed(host, Duration.between(started, s.clock().instant()));
        }
        if (stop.getAsBoolean()) return stopped(host, out, hook, since, "before its VMs move back");
        return exit(host, out, hook, since);
    }

    private Optional<Outcome> enter(String host, Instant since) {
        Optional<Maintenances.Maintenance> open = s.maintenances().openOn(host);
        if (open.isEmpty() || open.get().phase() == Maintenances.Phase.ENTERING) {
            EnterMaintenance.Result r = new EnterMaintenance(s).enter(request.evacuationOf(host), evacuation, moves, phases);
            if (r.evacuation().leftOpen()) return Optional.of(stopped(host, 0, "-", since, "during its evacuation (left open)"));
            if (r.maintenance().isEmpty()) {
                return Optional.of(failed(host, 0, "-", since, "evacuation refused: " + r.evacuation().refusal().orElse("exit " + r.evacuation().exitCode())));
            }
            if (r.evacuation().exitCode() != ExitCode.DONE) {
                int away = r.maintenance().get().origins().size();
                return Optional.of(failed(host, away, "-", since, "its evacuation ended with exit code " + r.evacuation().exitCode()
                        + " (a VM stayed on the host or a run needs an operator)"));
            }
        }
        Maintenances.Maintenance m = s.maintenances().openOn(host).orElseThrow(() -> new IllegalStateException("host " + host
                + " entered maintenance, yet has no open maintenance record"));
        record.phase(host, Phase.ENTERED, m.id() + ", " + m.origins().size() + " VM(s) away",
                Map.of("maintenance", m.id(), "vms-out", String.valueOf(m.origins().size())));
        return Optional.empty();
    }

    private Optional<Outcome> hook(String host, boolean wasRunning, Map<String, String> facts, int out, Instant since) {
        if (wasRunning && !request.hookIdempotent()) {
            return Optional.of(failed(host, out, "unknown", since, "its hook was running when the coordinator stopped; without --hook-idempotent "
                    + "it is not run again: check " + host + ", then `vfmigrate maintenance exit " + host + "`"));
        }
        String vfs;
        try {
            vfs = wasRunning ? facts.get("vfs") : HealthGate.format(new HealthGate(s).vfs(host));
        } catch (FailureException e) {
            return Optional.of(failed(host, out, "not run", since, "cannot count its VFs before the hook: " + e.failure().message()));
        }
        record.phase(host, Phase.HOOK_STARTED, ExecLine.join(request.hookArgv()), Map.of("vfs", vfs));
        progress.hookStarted(host, request.hookArgv());
        Instant started = s.clock().instant();
        int exit;
        String output;
        try {
            ExecResult r = new HealthGate(s).connect(host).shell().run(request.hookArgv(), request.hookTimeout());
            exit = r.exitCode();
            output = r.stdout() + r.stderr();
        } catch (FailureException e) {
            exit = -1;
            output = e.failure().message();
        }
        Duration took = Duration.between(started, s.clock().instant());
        String result = "exit " + exit + " in " + io.vfmigrate.model.Durations.format(took);
        record.phase(host, Phase.HOOK_ENDED, result, Map.of("hook-exit", String.valueOf(exit), "hook-took", io.vfmigrate.model.Durations.format(took)));
        progress.hookEnded(host, exit, took, output);
        if (exit != 0) return Optional.of(failed(host, out, result, since, exit < 0 ? "its hook did not end: " + output : "its hook exited with " + exit));
        return Optional.empty();
    }

    private Outcome exit(String host, int out, String hook, Instant since) {
        int back = 0;
        int exitCode = ExitCode.DONE;
        String detail = "maintenance closed before (a coordinator died after it)";
        if (s.maintenances().openOn(host).isPresent()) {
            ExitMaintenance.Result r = new ExitMaintenance(s).exit(host, new ExitMaintenance.Options(false, false,
                    request.evacuation().parallel(), request.evacuation().maxPerDestination()), evacuation, moves, phases);
            if (r.leftOpen()) return stopped(host, out, hook, since, "while its VMs move back (left open)");
            back = (int) r.rows().stream().filter(x -> x.result() == HostReturn.Result.RETURNED).count();
            exitCode = r.exitCode();
            detail = r.maintenance().id() + " closed" + (exitCode == ExitCode.DONE ? "" : ", " + (r.rows().size() - back) + " VM(s) stayed away");
        }
        record.phase(host, Phase.RETURNED, detail, Map.of("vms-returned", String.valueOf(back), "detail", detail));
        RollingHostRow row = new RollingHostRow(host, out, hook, back, took(since), Result.RETURNED, detail);
        progress.hostReturned(row);
        return new Outcome(row, exitCode);
    }

    private Outcome failed(String host, int out, String hook, Instant since, String why) {
        String detail = why + "; " + host + " stays in maintenance";
        record.phase(host, Phase.FAILED, detail, Map.of("hook", hook, "vms-out", String.valueOf(out), "detail", detail));
        RollingHostRow row = new RollingHostRow(host, out, hook, 0, took(since), Result.FAILED, detail);
        progress.hostFailed(row);
        return new Outcome(row, ExitCode.FAILED_COMPENSATED);
    }

    private Outcome stopped(String host, int out, String hook, Instant since, String when) {
        return new Outcome(new RollingHostRow(host, out, hook, 0, took(since), Result.STOPPED, "stopped by " + stop.by() + " " + when), ExitCode.DONE);
    }

    private Duration took(Instant since) { return Duration.between(since, s.clock().instant()); }
}
