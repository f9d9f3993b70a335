package io.vfmigrate.workflow;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Calls listeners in order; the first (the journal) may throw to stop the run, later ones may not. */
final class CompositeRunListener implements RunListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CompositeRunListener.class);
    private final List<RunListener> listeners;

    CompositeRunListener(List<RunListener> listeners) { this.listeners = List.copyOf(listeners); }

    private void each(Consumer<RunListener> call) {
        for (int i = 0; i < listeners.size(); i++) {
            if (i == 0) {
                call.accept(listeners.get(0));
                continue;
            }
            try {
                call.accept(listeners.get(i));
            } catch (RuntimeException e) {
                LOG.warn("run listener {} failed: {}", listeners.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }

    public void preflightWarnings(RunRecord r, List<String> w) { each(l -> l.preflightWarnings(r, w)); }
    public void stateChanged(RunRecord r, RunState from, RunState to) { each(l -> l.stateChanged(r, from, to)); }
    public void stepStarted(RunRecord r, int i, String t) { each(l -> l.stepStarted(r, i, t)); }
    public void compensationRegistered(RunRecord r, int i, String t) { each(l -> l.compensationRegistered(r, i, t)); }
    public void stepSucceeded(RunRecord r, int i, String t, Duration d, Map<String, String> f) { each(l -> l.stepSucceeded(r, i, t, d, f)); }
    public void stepFailed(RunRecord r, int i, String t, Failure x, Map<String, String> f) { each(l -> l.stepFailed(r, i, t, x, f)); }
    public void compensationStarted(RunRecord r, int i, String t) { each(l -> l.compensationStarted(r, i, t)); }
    public void compensationSucceeded(RunRecord r, int i, String t, Duration d, Map<String, String> f) { each(l -> l.compensationSucceeded(r, i, t, d, f)); }
    public void compensationFailed(RunRecord r, int i, String t, Failure x, Map<String, String> f) { each(l -> l.compensationFailed(r, i, t, x, f)); }
    public void recovering(RunRecord r, int i, String t, int a, Duration d, Failure c) { each(l -> l.recovering(r, i, t, a, d, c)); }
    public void needsOperator(RunRecord r, List<String> leftovers, Map<String, String> facts) { each(l -> l.needsOperator(r, leftovers, facts)); }
}
