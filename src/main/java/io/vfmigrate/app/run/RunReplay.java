package io.vfmigrate.app.run;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.JournalEntry.Kind;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.RunProgress;
import io.vfmigrate.workflow.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds, from the journal alone, what a run learned (its facts) and where it stands: which steps
 * are done, which undos are registered, whether the migration is behind it. A step that started but
 * has no outcome is not done: its apply is idempotent and checks the real state before acting.
 */
public final class RunReplay {
    private final Facts facts = new Facts();
    private final Map<Integer, Kind> last = new HashMap<>();
    private final List<Integer> registered = new ArrayList<>();

    public RunReplay(List<JournalEntry> entries) {
        for (JournalEntry e : entries) {
            facts.apply(e.facts());
            if (e.step() < 0) continue;
            last.put(e.step(), e.kind());
            if (e.kind() == Kind.COMPENSATION_REGISTERED && !registered.contains(e.step())) registered.add(e.step());
        }
        registered.removeIf(i -> last.get(i) == Kind.COMPENSATION_SUCCEEDED);
    }

    public Facts facts() {
        facts.drainChanges();
        return facts;
    }

    /** The journal calls the step done: its last entry is its success (not retried, not undone since). */
    public boolean done(int step) { return last.get(step) == Kind.STEP_SUCCEEDED; }

    /** The step may have left effects on the hosts: it has entries, and its last one is not a successful undo. */
    public boolean mayHaveActed(int step) {
        Kind k = last.get(step);
        return k != null && k != Kind.COMPENSATION_SUCCEEDED;
    }

    /** The steps a resume skips, done in order from the first. */
    public List<Integer> skipped(int stepCount) {
        List<Integer> out = new ArrayList<>();
        while (out.size() < stepCount && done(out.size())) out.add(out.size());
        return out;
    }

    /** The steps whose undo is registered and not done, oldest first (a rollback undoes them newest first). */
    public List<Integer> registered() { return List.copyOf(registered); }

    public RunProgress progress(RunRecord record, List<Step> steps) {
        int next = skipped(steps.size()).size();
        boolean migrated = false;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).isMigration() && last.get(i) == Kind.STEP_SUCCEEDED) migrated = true;
        }
        return RunProgress.resumed(record, steps, next, registered, migrated);
    }
}
