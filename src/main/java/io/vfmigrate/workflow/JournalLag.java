package io.vfmigrate.workflow;

import io.vfmigrate.model.JournalEntry;
import java.util.List;

/**
 * A run whose journal fell behind because its state store failed: why, the transitions the journal does
 * not have (the one whose write failed, then every later one, held back so that the journal stays the
 * run's beginning and `resume` or `rollback` go on from where it ends), and the run's whole record as
 * this process kept it in memory (its report, when the store cannot be read).
 */
public record JournalLag(String reason, List<String> unwritten, List<JournalEntry> entries) {
    public JournalLag {
        if (unwritten.isEmpty()) throw new IllegalArgumentException("a journal behind misses at least the transition that failed");
        unwritten = List.copyOf(unwritten);
        entries = List.copyOf(entries);
    }

    /** One plain line for the operator. */
    public String describe() {
        return "the journal is behind: the state store failed (" + reason + "); it lacks these " + unwritten.size()
                + " transition(s) of this run, printed here only (`vfmigrate show` does not have them): " + String.join("; ", unwritten);
    }
}
