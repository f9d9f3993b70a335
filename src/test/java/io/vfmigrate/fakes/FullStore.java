package io.vfmigrate.fakes;

import io.vfmigrate.adapters.store.StoreAccessException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.MoveSlots;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A state store that fails from a chosen journal entry on, as a full disk (SQLITE_FULL) or, with
 * {@code readsFail}, a database locked by another process (SQLITE_BUSY) does: from the first entry
 * {@code failsAt} matches, every write fails (the journal's, the move slots'), and every read too when
 * locked. {@link #recover()} ends it.
 */
public final class FullStore {
    private final Predicate<JournalEntry> failsAt;
    private final boolean readsFail;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean struck = new AtomicBoolean();

    public FullStore(Predicate<JournalEntry> failsAt, boolean readsFail) {
        this.failsAt = failsAt;
        this.readsFail = readsFail;
    }

    /** Failing from the start of step {@code n} (1-based) of a run. */
    public static FullStore atStepStart(int n, boolean readsFail) {
        return new FullStore(e -> e.kind() == JournalEntry.Kind.STEP_STARTED && e.step() == n - 1, readsFail);
    }

    public boolean failing() { return failing.get(); }

    public void recover() { failing.set(false); }

    private void write(String what) {
        if (failing.get()) throw failure(what);
    }

    private void read(String what) {
        if (failing.get() && readsFail) throw failure(what);
    }

    private StoreAccessException failure(String what) {
        return new StoreAccessException("state store /var/lib/vfmigrate/vfmigrate.db: could not " + what + ": " + (readsFail
                ? "[SQLITE_BUSY] The database file is locked (database is locked)"
                : "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)"), null);
    }

    public Journal journal(Journal inner) {
        return new Journal() {
            public Journal fenced(Leases.Fence fence) { return journal(inner.fenced(fence)); }

            public void create(RunRecord run) {
                write("create run " + run.id());
                inner.create(run);
            }

            public void append(String runId, JournalEntry entry) {
                if (!struck.get() && failsAt.test(entry)) struck.set(failing.compareAndSet(false, true)); // once
                write("append to the journal of run " + runId);
                inner.append(runId, entry);
            }

            public void updateState(String runId, RunState state) {
                write("update the state of run " + runId);
                inner.updateState(runId, state);
            }

            public Optional<RunRecord> find(String runId) {
                read("read run " + runId);
                return inner.find(runId);
            }

            public List<JournalEntry> entries(String runId) {
                read("read the journal of run " + runId);
                return inner.entries(runId);
            }

            public List<RunRecord> runs(boolean all) {
                read("list the runs");
                return inner.runs(all);
            }
        };
    }

    public MoveSlots moveSlots(MoveSlots inner) {
        return new MoveSlots() {
            public Optional<String> take(Slot slot, int cap, int maxPerDestination) {
                write("take a move slot");
                return inner.take(slot, cap, maxPerDestination);
            }

            public void release(String holder, String vm) {
                write("release the move slot of " + holder);
                inner.release(holder, vm);
            }

            public void releaseAll(String holder) {
                write("release the move slots of " + holder);
                inner.releaseAll(holder);
            }

            public List<Slot> live() {
                read("count the move slots");
                return inner.live();
            }
        };
    }
}
