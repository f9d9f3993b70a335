package io.vfmigrate.app.run;

import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.steps.TemporaryMacvtap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The `close` use case: ends an open run whose VM is gone or was repaired by hand, without touching
 * any host. What the hosts still show (the leftover survey) is printed and journaled with the close,
 * its leases are released, and the run is CLOSED: no longer reported as stale, no longer blocking a
 * new run of its VM.
 */
public final class CloseRun {
    private final Services s;

    public CloseRun(Services services) { this.s = services; }

    public record Closed(RunRecord run, RunState from, List<String> survey) {}

    public Closed close(String runId) {
        RunRecord record = s.journal().find(runId).orElseThrow(() -> new ConfigException("no run '" + runId + "' in the journal"));
        if (!record.state().isOpen()) throw new ConfigException("run " + runId + " is " + record.state() + ": nothing to close");
        if (ParentRuns.isEvacuation(record)) {
            throw new ConfigException("run " + runId + " is an evacuation: close its VMs' runs (listed by `vfmigrate show " + runId + "`) one by one");
        }
        record.state().checkedMoveTo(RunState.CLOSED);
        String key = Leases.vmKey(record.vm());
        Optional<Leases.Holder> holder = s.claim(key, runId);
        if (holder.isPresent()) {
            throw new ConfigException("run " + runId + " is still alive: " + holder.get().describe() + "; retry once that lease expired");
        }
        Leases.Fence fence = s.leases().fence(key, runId, s.coordinator())
                .orElseThrow(() -> new ConfigException("run " + runId + " was taken over by another coordinator at once; see `vfmigrate runs`"));
        try {
            // a rolling maintenance given up: the hosts it left in maintenance stay there, each ended by `maintenance exit`
            List<String> survey = ParentRuns.isRolling(record)
                    ? List.of("a rolling maintenance: the hosts it left in maintenance stay there (`vfmigrate maintenance status`)")
                    : survey(record);
            Journal journal = s.journal().fenced(fence);
            journal.updateState(runId, RunState.CLOSED);
            journal.append(runId, new JournalEntry(s.clock().instant(), JournalEntry.Kind.STATE, -1, "",
                    record.state() + " -> CLOSED by an operator; the hosts showed: " + String.join("; ", survey), Map.of()));
            return new Closed(s.journal().find(runId).orElseThrow(), record.state(), survey);
        } finally {
            s.leases().releaseAll(runId);
        }
    }

    /** Under the run's lease: the run's macvtaps on {@code host} that no copy of the VM uses, removed; what was done, in words. */
    private static List<String> removeUnusedMacvtaps(Host host, RunContext ctx) {
        try {
            return TemporaryMacvtap.removeUnused(host, ctx.vm(), ctx.bonds()).stream().map(d -> host.name() + ": removed macvtap " + d + ", unused").toList();
        } catch (FailureException e) {
            return List.of(host.name() + ": the run's macvtaps may be left: " + e.failure().message());
        }
    }

    private List<String> survey(RunRecord record) {
        try {
            Host source = s.connector().connect(s.inventory().host(record.source()));
            Host destination = s.connector().connect(s.inventory().host(record.destination()));
            RunReplay replay = new RunReplay(s.journal().entries(record.id()));
            RunContext ctx = new RunContext(record.id(), record.vm(), source, destination, replay.facts(), s.poll(),
                    LeaseReservations.lookOnly(s), s.guestTimeout());
            List<String> out = new java.util.ArrayList<>(new HostSurvey().describe(ctx));
            for (Host host : List.of(source, destination)) out.addAll(removeUnusedMacvtaps(host, ctx));
            return out;
        } catch (RuntimeException e) {
            return List.of("could not survey the hosts: " + e.getMessage());
        }
    }
}
