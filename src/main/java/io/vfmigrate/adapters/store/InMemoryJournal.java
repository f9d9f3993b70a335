package io.vfmigrate.adapters.store;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.LeaseLostException;
import io.vfmigrate.ports.Leases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A journal that lives as long as the process, fenced by in-memory leases: for tests and for dry runs. */
public final class InMemoryJournal implements Journal {
    private final Runs runs;
    private final InMemoryLeases leases;
    private final Leases.Fence fence;

    public InMemoryJournal(Clock clock, InMemoryLeases leases) { this(new Runs(clock), leases, null); }

    /** A journal that cannot be fenced (no leases): for tests that need no run of the engine. */
    public InMemoryJournal(Clock clock) { this(new Runs(clock), null, null); }

    private InMemoryJournal(Runs runs, InMemoryLeases leases, Leases.Fence fence) {
        this.runs = runs;
        this.leases = leases;
        this.fence = fence;
    }

    public Journal fenced(Leases.Fence fence) {
        if (leases == null) throw new IllegalStateException("this in-memory journal has no leases to fence its writes with");
        return new InMemoryJournal(runs, leases, fence);
    }

    public void create(RunRecord run) { write(run.id(), () -> runs.create(run)); }

    public void append(String runId, JournalEntry entry) { write(runId, () -> runs.list(runId).add(entry)); }

    public void updateState(String runId, RunState state) { write(runId, () -> runs.updateState(runId, state)); }

    public Optional<RunRecord> find(String runId) { return runs.find(runId); }

    public List<JournalEntry> entries(String runId) { return runs.entries(runId); }

    public List<RunRecord> runs(boolean all) { return runs.all(all); }

    /** The fence is checked and the write done under the leases' lock, as one step. */
    private void write(String runId, Runnable write) {
        if (fence == null) {
            runs.locked(write);
            return;
        }
        synchronized (leases) {
            if (!fence.runId().equals(runId)) throw new IllegalStateException("a journal fenced for run " + fence.runId() + " written for run " + runId);
            if (!leases.isCurrent(fence)) {
                throw new LeaseLostException(runId, leases.owner(fence.key()), runs.find(runId).map(r -> r.state().name()));
            }
            runs.locked(write);
        }
    }

    private static final class Runs {
        private final Map<String, RunRecord> runs = new LinkedHashMap<>();
        private final Map<String, List<JournalEntry>> entries = new LinkedHashMap<>();
        private final Clock clock;

        Runs(Clock clock) { this.clock = clock; }

        synchronized void locked(Runnable write) { write.run(); }

        synchronized void create(RunRecord run) {
            if (runs.putIfAbsent(run.id(), run) != null) throw new IllegalStateException("run " + run.id() + " exists already");
            entries.put(run.id(), new ArrayList<>());
        }

        synchronized void updateState(String runId, RunState state) {
            RunRecord r = find(runId).orElseThrow(() -> new IllegalStateException("no run " + runId));
            runs.put(runId, r.state() == state ? r : r.withState(state, clock.instant()));
        }

        synchronized Optional<RunRecord> find(String runId) { return Optional.ofNullable(runs.get(runId)); }

        synchronized List<JournalEntry> entries(String runId) { return List.copyOf(list(runId)); }

        synchronized List<RunRecord> all(boolean all) {
            return runs.values().stream().filter(r -> all || r.state().isOpen())
                    .sorted(Comparator.comparing(RunRecord::created).reversed()).toList();
        }

        synchronized List<JournalEntry> list(String runId) {
            List<JournalEntry> l = entries.get(runId);
            if (l == null) throw new IllegalStateException("no run " + runId);
            return l;
        }
    }
}
