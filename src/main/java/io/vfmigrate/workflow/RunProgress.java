package io.vfmigrate.workflow;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Where a run stands: the next step to apply, the steps whose compensation is registered (newest
 * first), and whether the migration is behind it. Rebuilt from the journal to resume.
 */
public final class RunProgress {
    RunRecord record;
    final List<Step> steps;
    int next;
    final Deque<Integer> registered = new ArrayDeque<>();
    boolean migrated;
    Optional<Failure> cause = Optional.empty();
    final List<Failure> compensationFailures = new ArrayList<>();

    public RunProgress(RunRecord record, List<Step> steps) {
        this.record = record;
        this.steps = List.copyOf(steps);
    }

    /** For resume: the journal says steps before {@code next} are done and which undos are registered. */
    public static RunProgress resumed(RunRecord record, List<Step> steps, int next, List<Integer> registeredOldestFirst, boolean migrated) {
        RunProgress p = new RunProgress(record, steps);
        p.next = next;
        registeredOldestFirst.forEach(p.registered::push);
        p.migrated = migrated;
        return p;
    }

    public RunRecord record() { return record; }

    public boolean migrated() { return migrated; }

    /** The hosts show every step's effect already (the VM is healthy where the run moves it): nothing is left to apply. */
    public void skipToEnd() { next = steps.size(); }

    /** The hosts show the effect of this step and of every later one reverted (the state before it holds): it is applied again. */
    public void applyAgainFrom(int step) {
        if (step < 0 || step > next || migrated && step <= migrationIndex()) {
            throw new IllegalArgumentException("step " + (step + 1) + " cannot be applied again: the run is at step " + (next + 1)
                    + (migrated ? ", past its migration" : ""));
        }
        next = step;
    }

    /** The hosts show the VM healthy where it started: nothing is left to undo. */
    public void forgetUndos() {
        registered.clear();
        next = 0;
    }

    public List<Step> steps() { return steps; }

    int migrationIndex() {
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).isMigration()) return i;
        return -1;
    }
}
