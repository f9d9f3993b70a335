package io.vfmigrate.app.run;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.JournalEntry.Kind;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.workflow.RunListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Writes every event of a run to the journal; registered first, so a failed write stops the action. */
public final class JournalRecorder implements RunListener {
    private final Journal journal;
    private final Clock clock;

    public JournalRecorder(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    private void add(RunRecord run, Kind kind, int step, String type, String detail, Map<String, String> facts) {
        journal.append(run.id(), new JournalEntry(clock.instant(), kind, step, type, detail, facts));
    }

    public void stateChanged(RunRecord run, RunState from, RunState to) {
        journal.updateState(run.id(), to);
        add(run, Kind.STATE, -1, "", from + " -> " + to, Map.of());
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

    public void needsOperator(RunRecord run, List<String> leftovers) {
        add(run, Kind.STATE, -1, "", "needs an operator; left: " + String.join("; ", leftovers), Map.of());
    }
}
