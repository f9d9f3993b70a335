package io.vfmigrate.ports;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.util.List;
import java.util.Optional;

/**
 * Where runs are recorded. Every write is durable when the method returns. A {@link #fenced} journal
 * accepts a run's writes only while the run's lease is still held under that fence, checked in the
 * same transaction as the write; otherwise it throws {@link LeaseLostException} and writes nothing.
 */
public interface Journal {
    /** This journal, its writes conditional on {@code fence} being current. */
    Journal fenced(Leases.Fence fence);

    void create(RunRecord run);

    void append(String runId, JournalEntry entry);

    void updateState(String runId, RunState state);

    Optional<RunRecord> find(String runId);

    List<JournalEntry> entries(String runId);

    /** Runs, newest first; only open ones unless {@code all}. */
    List<RunRecord> runs(boolean all);

    /** Every run of {@code vm} (open or not), newest first. */
    default List<RunRecord> runsOf(String vm) {
        return runs(true).stream().filter(r -> r.vm().equals(vm)).toList();
    }
}
