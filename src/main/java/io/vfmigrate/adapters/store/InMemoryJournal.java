package io.vfmigrate.adapters.store;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A journal that lives as long as the process: for tests and for dry runs. */
public final class InMemoryJournal implements Journal {
    private final Map<String, RunRecord> runs = new LinkedHashMap<>();
    private final Map<String, List<JournalEntry>> entries = new LinkedHashMap<>();
    private final Clock clock;

    public InMemoryJournal(Clock clock) { this.clock = clock; }

    public synchronized void create(RunRecord run) {
        if (runs.putIfAbsent(run.id(), run) != null) throw new IllegalStateException("run " + run.id() + " exists already");
        entries.put(run.id(), new ArrayList<>());
    }

    public synchronized void append(String runId, JournalEntry entry) { list(runId).add(entry); }

    public synchronized void updateState(String runId, RunState state) {
        RunRecord r = find(runId).orElseThrow(() -> new IllegalStateException("no run " + runId));
        runs.put(runId, r.state() == state ? r : r.withState(state, clock.instant()));
    }

    public synchronized Optional<RunRecord> find(String runId) { return Optional.ofNullable(runs.get(runId)); }

    public synchronized List<JournalEntry> entries(String runId) { return List.copyOf(list(runId)); }

    public synchronized List<RunRecord> runs(boolean all) {
        return runs.values().stream().filter(r -> all || r.state().isOpen())
                .sorted(Comparator.comparing(RunRecord::created).reversed()).toList();
    }

    private List<JournalEntry> list(String runId) {
        List<JournalEntry> l = entries.get(runId);
        if (l == null) throw new IllegalStateException("no run " + runId);
        return l;
    }
}
