package io.vfmigrate.app.maintenance;

import io.vfmigrate.app.LeaseKeeper;
import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.app.RollingRequest;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Leases;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A rolling maintenance as a parent record in the journal: a run of kind {@code rolling} on the pseudo-VM
 * {@link ParentRuns#ROLLING_VM} (its lease: one rolling at a time, across coordinators), its options as params. Each
 * phase of each host is an entry written before the phase's action (the hook's start before the hook runs), with the
 * facts a resume needs (the VF counts before the hook, the maintenance's id), so that `resume ROLL` knows where each
 * host stands from the journal alone.
 */
final class RollingRecord implements AutoCloseable {
    static final String HOST = "rolling-host";
    static final String PHASE = "rolling-phase";

    /** A host's phases in their order; a host's last phase says where it stands. */
    enum Phase {
        STARTED("host-started"), ENTERED("entered"), HOOK_STARTED("hook-started"), HOOK_ENDED("hook-ended"), HEALTH_PASSED("health-passed"),
        RETURNED("host-returned"), FAILED("host-failed");

        final String label;

        Phase(String label) { this.label = label; }

        static Phase of(String label) {
            for (Phase p : values()) if (p.label.equals(label)) return p;
            throw new IllegalStateException("unknown rolling phase '" + label + "' in the journal");
        }
    }

    /** Where a host stands: its last phase, when it started, the facts of its entries (later ones win). */
    record HostState(Phase last, Instant since, Map<String, String> facts) {}

    private final Services s;
    private final RunRecord record;
    private final LeaseKeeper keeper;

    private RollingRecord(Services s, RunRecord record) {
        this.s = s;
        this.record = record;
        this.keeper = LeaseKeeper.ofParent(s, record, "rolling");
    }

    /** {@code marks}: params kept besides the request's (the schedule run that started it). */
    static RollingRecord start(Services s, RollingRequest request, Map<String, String> marks) {
        String id = ParentRuns.newId(s, "o", "rolling-"); // r20261206-... -> o20261206-...
        Map<String, String> params = new HashMap<>(marks);
        params.putAll(request.options());
        params.put("kind", ParentRuns.ROLLING);
        RunRecord r = new RunRecord(id, ParentRuns.ROLLING_VM, "", "", ParentRuns.ROLLING, params, RunState.PENDING, s.coordinator(),
                s.clock().instant(), s.clock().instant());
        take(s, r);
        s.journal().create(r);
        s.journal().updateState(id, RunState.RUNNING);
        RollingRecord record = new RollingRecord(s, r);
        String marked = marks.isEmpty() ? "" : new TreeMap<>(marks).toString().replace('{', '(').replace('}', ')');
        record.note("started by " + s.coordinator() + ": " + String.join(", ", request.hosts()) + (marked.isEmpty() ? "" : " " + marked), Map.of());
        return record;
    }

    /** Takes over a rolling left open (its coordinator died, or a signal stopped it). */
    static RollingRecord resume(Services s, RunRecord r) {
        if (!r.state().isOpen()) throw new ConfigException("rolling " + r.id() + " is " + r.state() + ": nothing to resume");
        take(s, r);
        RollingRecord record = new RollingRecord(s, r);
        record.note("resumed by " + s.coordinator(), Map.of());
        return record;
    }

    private static void take(Services s, RunRecord r) {
        Optional<Leases.Holder> holder = s.claim(Leases.vmKey(r.vm()), r.id());
        if (holder.isPresent()) throw new ConfigException("a rolling maintenance is already under way: " + holder.get().describe());
    }

    String id() { return record.id(); }

    Instant created() { return record.created(); }

    /** Written before what it announces. */
    void phase(String host, Phase phase, String detail, Map<String, String> facts) {
        Map<String, String> all = new HashMap<>(facts);
        all.put(HOST, host);
        all.put(PHASE, phase.label);
        note(host + ": " + phase.label + (detail.isEmpty() ? "" : ": " + detail), all);
    }

    /** Each host with an entry, as the journal has it. */
    Map<String, HostState> hosts() {
        Map<String, HostState> hosts = new LinkedHashMap<>();
        for (JournalEntry e : s.journal().entries(record.id())) {
            String host = e.facts().get(HOST);
            if (host == null) continue;
            HostState before = hosts.get(host);
            Map<String, String> facts = new HashMap<>(before == null ? Map.of() : before.facts());
            facts.putAll(e.facts());
            hosts.put(host, new HostState(Phase.of(e.facts().get(PHASE)), before == null ? e.at() : before.since(), facts));
        }
        return hosts;
    }

    private void note(String detail, Map<String, String> facts) {
        s.journal().append(record.id(), new JournalEntry(s.clock().instant(), JournalEntry.Kind.STATE, -1, "", detail, facts));
    }

    void finish(int exitCode, String summary) {
        note("finished: " + summary + "; exit code " + exitCode, Map.of());
        ParentRuns.end(s.journal(), record.id(), exitCode);
        release();
    }

    /** Stops here without ending the record: it stays open for `resume ROLL`. */
    void leaveOpen(String why) {
        note("stopped, left open for resume: " + why, Map.of());
        release();
    }

    private void release() {
        close();
        s.leases().releaseAll(record.id());
    }

    @Override public void close() { keeper.close(); }
}
