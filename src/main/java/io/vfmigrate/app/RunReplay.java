package io.vfmigrate.app;

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

    public RunProgress progress(RunRecord record, List<Step> steps) {
        int next = 0;
        while (next < steps.size() && last.get(next) == Kind.STEP_SUCCEEDED) next++;
        boolean migrated = false;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).isMigration() && last.get(i) == Kind.STEP_SUCCEEDED) migrated = true;
        }
        return RunProgress.resumed(record, steps, next, registered, migrated);
    }
}
