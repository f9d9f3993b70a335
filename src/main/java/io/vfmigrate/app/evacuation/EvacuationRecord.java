package io.vfmigrate.app.evacuation;

import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.LeaseKeeper;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.ReturnPlan;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Leases;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An evacuation as a parent record in the journal: a run of kind {@code evacuation} on pseudo-VM
 * {@code evacuate:HOST}, whose lease makes one evacuation per host at a time (across coordinators) and
 * lets `runs` report it when its coordinator died. Its entries list each VM's outcome and child run.
 */
public final class EvacuationRecord implements AutoCloseable {
    private static final String CHILD_RUN = "child-run";
    private static final String COORDINATOR = "coordinator";
    private final Services s;
    private final RunRecord record;
    private final LeaseKeeper keeper;

    private EvacuationRecord(Services s, RunRecord record) {
        this.s = s;
        this.record = record;
        this.keeper = LeaseKeeper.ofParent(s, record, "evacuation");
    }

    /** Takes the host's evacuation lease and journals the parent record; or says who holds the lease. */
    public static EvacuationRecord start(Services s, EvacuationRequestSpec spec) {
        String id = ParentRuns.newId(s, "e", "evac-"); // r20261130-... -> e20261130-...
        Map<String, String> params = new java.util.HashMap<>(spec.options());
        params.put("kind", ParentRuns.EVACUATION);
        return create(s, new RunRecord(id, ParentRuns.evacuationOf(spec.host()), spec.host(), "", "evacuate", params, RunState.PENDING,
                s.coordinator(), s.clock().instant(), s.clock().instant()));
    }

    /** The record of a maintenance's moves back into its host (b20261130-...): its lease is the host's {@code return:HOST}. */
    static EvacuationRecord startReturn(Services s, ReturnPlan plan) {
        String id = ParentRuns.newId(s, "b", "return-");
        Map<String, String> params = new java.util.HashMap<>(plan.spec().options());
        params.put("kind", ParentRuns.EVACUATION);
        params.put(ParentRuns.MAINTENANCE, plan.maintenanceId());
        return create(s, new RunRecord(id, ParentRuns.returnOf(plan.host()), "", plan.host(), "return", params, RunState.PENDING,
                s.coordinator(), s.clock().instant(), s.clock().instant()));
    }

    private static EvacuationRecord create(Services s, RunRecord record) {
        take(s, record);
        s.journal().create(record);
        s.journal().updateState(record.id(), RunState.RUNNING);
        EvacuationRecord r = new EvacuationRecord(s, record);
        r.note("started by " + s.coordinator(), Map.of(COORDINATOR, s.coordinator()));
        return r;
    }

    /** Takes over an evacuation left open (its coordinator died), once its lease expired. */
    static EvacuationRecord resume(Services s, RunRecord record) {
        if (!record.state().isOpen()) throw new ConfigException("evacuation " + record.id() + " is " + record.state() + ": nothing to resume");
        take(s, record);
        if (record.state() != RunState.RUNNING) s.journal().updateState(record.id(), RunState.RUNNING);
        EvacuationRecord r = new EvacuationRecord(s, record);
        r.note("resumed by " + s.coordinator(), Map.of(COORDINATOR, s.coordinator()));
        return r;
    }

    /** What the operator asked, as the record keeps it. */
    static EvacuationRequestSpec spec(RunRecord r) { return EvacuationRequestSpec.of(r.params()); }

    private static void take(Services s, RunRecord record) {
        Optional<Leases.Holder> holder = s.claim(Leases.vmKey(record.vm()), record.id());
        if (holder.isPresent()) {
            String host = record.params().get("host");
            throw new ConfigException((ParentRuns.isReturn(record) ? "the VMs of host " + host + " are already being moved back: "
                    : "host " + host + " is already being evacuated: ") + holder.get().describe());
        }
    }

    public String id() { return record.id(); }

    RunRecord record() { return record; }

    void outcome(VmMoveOutcome o) {
        note(o.vm() + ": " + o.result().label() + o.destination().map(d -> " to " + d).orElse("") + ", " + o.tries() + " run(s)"
                + o.runId().map(r -> ", last run " + r).orElse("") + ", exit " + o.exitCode() + " (" + o.detail() + ")");
    }

    /** Links a VM's run to the evacuation as it starts, so that a resume after this coordinator's death finds it open. */
    void runStarted(String vm, String destination, String runId) {
        note(vm + ": run " + runId + " started towards " + destination, Map.of(CHILD_RUN, runId, "vm", vm));
    }

    /**
     * The runs the evacuation started that are still open, by every coordinator that drove it: those its record links,
     * and (a coordinator killed between creating a run and linking it) open runs off its host by one of its coordinators
     * since it started.
     */
    static List<RunRecord> openChildRuns(Services s, RunRecord evacuation) {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> coordinators = new LinkedHashSet<>(List.of(evacuation.coordinator()));
        for (JournalEntry e : s.journal().entries(evacuation.id())) {
            if (e.facts().containsKey(CHILD_RUN)) ids.add(e.facts().get(CHILD_RUN));
            if (e.facts().containsKey(COORDINATOR)) coordinators.add(e.facts().get(COORDINATOR));
        }
        Map<String, RunRecord> open = new java.util.LinkedHashMap<>();
        s.journal().runs(false).forEach(r -> open.put(r.id(), r));
        List<RunRecord> runs = new java.util.ArrayList<>(ids.stream().map(open::get).filter(java.util.Objects::nonNull).toList());
        for (RunRecord r : open.values()) {
            boolean ours = ParentRuns.isReturn(evacuation) ? r.destination().equals(evacuation.destination()) : r.source().equals(evacuation.source());
            if (!ids.contains(r.id()) && !ParentRuns.isEvacuation(r) && ours && coordinators.contains(r.coordinator())
                    && !r.created().isBefore(evacuation.created())) {
                runs.add(r);
            }
        }
        return runs;
    }

    private void note(String detail) { note(detail, Map.of()); }

    private void note(String detail, Map<String, String> facts) {
        s.journal().append(record.id(), new JournalEntry(s.clock().instant(), JournalEntry.Kind.STATE, -1, "", detail, facts));
    }

    /** Ends the record by the evacuation's exit code and frees the host's evacuation lease. */
    void finish(int exitCode, List<VmMoveOutcome> outcomes) {
        note("finished: " + outcomes.stream().filter(o -> o.result() == VmMoveOutcome.Result.MOVED).count() + " moved, "
                + outcomes.stream().filter(o -> o.result() != VmMoveOutcome.Result.MOVED).count() + " not; exit code " + exitCode);
        ParentRuns.end(s.journal(), record.id(), exitCode);
        close();
        s.leases().releaseAll(record.id());
    }

    /** Stops here without ending the record: it stays open for `resume`, its host lease freed at once. */
    void leaveOpen(String why) {
        note("stopped, left open for resume: " + why);
        close();
        s.leases().releaseAll(record.id());
    }

    @Override public void close() { keeper.close(); }
}
