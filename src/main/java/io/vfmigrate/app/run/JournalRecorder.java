package io.vfmigrate.app.run;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.JournalEntry.Kind;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.LeaseLostException;
import io.vfmigrate.workflow.JournalLag;
import io.vfmigrate.workflow.JournalWriteFailed;
import io.vfmigrate.workflow.RunListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes every event of a run to the journal; registered first, so a failed write stops the action.
 * It also keeps the run's record in memory: when the state store fails, the write throws
 * {@link JournalWriteFailed} once and every later event is kept back (so the journal stays the run's
 * beginning), and {@link #lag()} says what the journal lacks.
 */
public final class JournalRecorder implements RunListener {
    private final Journal journal;
    private final Clock clock;
    private final List<JournalEntry> kept = new ArrayList<>();
    private final List<String> unwritten = new ArrayList<>();
    private String failure;

    public JournalRecorder(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** What the journal lacks of this run, once a write failed. */
    public synchronized Optional<JournalLag> lag() {
        return failure == null ? Optional.empty() : Optional.of(new JournalLag(failure, unwritten, kept));
    }

    private void add(RunRecord run, Kind kind, int step, String type, String detail, Map<String, String> facts) {
        JournalEntry entry = new JournalEntry(clock.instant(), kind, step, type, detail, facts);
        record(entry, () -> journal.append(run.id(), entry));
    }

    private synchronized void record(JournalEntry entry, Runnable write) {
        kept.add(entry);
        if (failure != null) {
            unwritten.add(describe(entry));
            return;
        }
        try {
            write.run();
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            failure = String.valueOf(e.getMessage());
            unwritten.add(describe(entry));
            throw new JournalWriteFailed(describe(entry), failure, e);
        }
    }

    /** "step 6 attach-vf started", "state RUNNING -> NEEDS_OPERATOR": a transition as the operator reads it. */
    static String describe(JournalEntry e) {
        String step = "step " + (e.step() + 1) + " " + e.stepType();
        return switch (e.kind()) {
            case STATE -> e.detail().startsWith("needs an operator") ? "the list of what is left" : "state " + e.detail();
            case STEP_STARTED -> step + " started";
            case COMPENSATION_REGISTERED -> "the undo of " + step + " registered";
            case STEP_SUCCEEDED -> step + " done";
            case STEP_FAILED -> step + " failed";
            case COMPENSATION_STARTED -> "the undo of " + step + " started";
            case COMPENSATION_SUCCEEDED -> "the undo of " + step + " done";
            case COMPENSATION_FAILED -> "the undo of " + step + " failed";
            case RECOVERY -> "a retry of " + step;
        };
    }

    public void stateChanged(RunRecord run, RunState from, RunState to) {
        JournalEntry entry = new JournalEntry(clock.instant(), Kind.STATE, -1, "", from + " -> " + to, Map.of());
        record(entry, () -> {
            journal.updateState(run.id(), to);
            journal.append(run.id(), entry);
        });
    }

    public void stepStarted(RunRecord run, int i, String type) { add(run, Kind.STEP_STARTED, i, type, "", Map.of()); }

    public void compensationRegistered(RunRecord run, int i, String type) { add(run, Kind.COMPENSATION_REGISTERED, i, type, "", Map.of()); }

    public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
        add(run, Kind.STEP_SUCCEEDED, i, type, took.toMillis() + " ms", facts);
    }

    public void stepFailed(RunRecord run, int i, String type, Failure failure, Map<String, String> facts) {
        add(run, Kind.STEP_FAILED, i, type, failure.message(), facts);
    }

    public void compensationStarted(RunRecord run, int i, String type) { add(run, Kind.COMPENSATION_STARTED, i, type, "", Map.of()); }

    public void compensationSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
        add(run, Kind.COMPENSATION_SUCCEEDED, i, type, took.toMillis() + " ms", facts);
    }

    public void compensationFailed(RunRecord run, int i, String type, Failure failure, Map<String, String> facts) {
        add(run, Kind.COMPENSATION_FAILED, i, type, failure.message(), facts);
    }

    public void recovering(RunRecord run, int i, String type, int attempt, Duration delay, Failure cause) {
        add(run, Kind.RECOVERY, i, type, "attempt " + attempt + " after " + delay.toMillis() + " ms: " + cause.message(), Map.of());
    }

    public void needsOperator(RunRecord run, List<String> leftovers, Map<String, String> facts) {
        add(run, Kind.STATE, -1, "", "needs an operator; left: " + String.join("; ", leftovers), facts);
    }
}
