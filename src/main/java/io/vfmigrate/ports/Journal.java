package io.vfmigrate.ports;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.util.List;
import java.util.Optional;

/** Where runs are recorded. Every write is durable when the method returns. */
public interface Journal {
    void create(RunRecord run);

    void append(String runId, JournalEntry entry);

    void updateState(String runId, RunState state);

    Optional<RunRecord> find(String runId);

    List<JournalEntry> entries(String runId);

    /** Runs, newest first; only open ones unless {@code all}. */
    List<RunRecord> runs(boolean all);
}
