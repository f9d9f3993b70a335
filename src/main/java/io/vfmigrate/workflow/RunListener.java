package io.vfmigrate.workflow;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One method per phase of a run, all no-ops by default. The journal, the log and the CLI's output are
 * listeners; the journal is called first and its failure stops the action it announces.
 */
public interface RunListener {
    /** The preflight's warnings ("check: detail"), before the first step: they do not stop the run. */
    default void preflightWarnings(RunRecord run, List<String> warnings) {}
    default void stateChanged(RunRecord run, RunState from, RunState to) {}
    default void stepStarted(RunRecord run, int index, String type) {}
    default void compensationRegistered(RunRecord run, int index, String type) {}
    default void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {}
    default void stepFailed(RunRecord run, int index, String type, Failure failure, Map<String, String> facts) {}
    default void compensationStarted(RunRecord run, int index, String type) {}
    default void compensationSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {}
    default void compensationFailed(RunRecord run, int index, String type, Failure failure, Map<String, String> facts) {}
    default void recovering(RunRecord run, int index, String type, int attempt, Duration delay, Failure cause) {}
    /** The run needs an operator: what is left, and the facts that changed since the last step (journaled with it). */
    default void needsOperator(RunRecord run, List<String> leftovers, Map<String, String> facts) {}

    RunListener NONE = new RunListener() {};

    static RunListener of(List<RunListener> listeners) {
        return new CompositeRunListener(listeners);
    }
}
