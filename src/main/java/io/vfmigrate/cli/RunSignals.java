package io.vfmigrate.cli;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.migration.SignalState;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.StopRequest;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM during a run. The first asks the runs to stop (the migration job is aborted and
 * the run compensates before the migration; after it, recovery goes forward and finishes); the second
 * stops the process at once with exit 3, leaving the open runs journaled for resume or rollback, and
 * says so on stderr. The decision is {@link SignalState}'s; this class only hears signals and acts.
 */
public final class RunSignals implements RunListener, EvacuationProgress {
    static final int HALTED = 3;
    static final String STOPPING = "stopping (the migration job is aborted and the run compensates; after the migration the run finishes forward)";

    private final SignalState state = new SignalState();
    private final Set<String> openRuns = ConcurrentHashMap.newKeySet();
    private final Set<String> openEvacuations = ConcurrentHashMap.newKeySet();
    private volatile String firstSignal = STOPPING;
    private volatile String stoppedBy = "a signal";
    private final java.util.List<Runnable> beforeHalt = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PrintWriter err;
    private final Runnable halt;

    public RunSignals(PrintWriter err, Runnable halt) {
        this.err = err;
        this.halt = halt;
    }

    /** Installs the handlers for INT and TERM for the rest of the process. */
    static RunSignals install(PrintWriter err) {
        RunSignals signals = new RunSignals(err, () -> Runtime.getRuntime().halt(HALTED));
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> signals.received("SIG" + s.getName()));
            } catch (IllegalArgumentException unavailable) {
                // the JVM keeps this signal (e.g. with -Xrs): its default action stays
            }
        }
        return signals;
    }

    public boolean stopRequested() { return state.stopRequested(); }

    /** The stop request of the runs (and evacuations) of this process: asked by the first signal, which it names. */
    public StopRequest stopRequest() { return StopRequest.of(this::stopRequested, () -> stoppedBy); }

    /** What a first signal does in this command, as stderr says it (a rollback is not stopped half-way: it finishes). */
    public void firstSignalMeans(String what) { firstSignal = what; }

    /** Run (best effort) before the process stops at once: e.g. give the terminal back without its status line. */
    public void beforeHalt(Runnable action) { beforeHalt.add(action); }

    public void received(String signal) {
        if (!state.stopRequested()) stoppedBy = signal; // named before the stop shows
        if (state.signal() == SignalState.Action.STOP_GRACEFULLY) {
            err.println("vfmigrate: " + signal + " received: " + firstSignal + ". A second signal stops at once.");
            err.flush();
            return;
        }
        openEvacuations.forEach(id -> err.println("vfmigrate: evacuation " + id + " is left open in the journal: `vfmigrate resume " + id
                + "` goes on with it."));
        if (openRuns.isEmpty()) {
            err.println("vfmigrate: " + signal + " received again: stopped at once; `vfmigrate runs` lists what is left open "
                    + "(resume or roll it back).");
        } else {
            openRuns.forEach(id -> err.println("vfmigrate: " + signal + " received again: stopped at once; run " + id
                    + " is left open in the journal: `vfmigrate resume " + id + "` or `vfmigrate rollback " + id + "`."));
        }
        err.flush();
        for (Runnable action : beforeHalt) {
            try {
                action.run();
            } catch (RuntimeException ignored) {
                // stopping at once matters more
            }
        }
        halt.run();
    }

    /** A run taken over (resume, rollback) is open before it changes state: a second signal names it. */
    public void opened(String runId) { openRuns.add(runId); }

    @Override public void started(String evacuationId, EvacuationPlan plan, boolean resumed) {
        openEvacuations.add(evacuationId);
    }

    @Override public void stateChanged(RunRecord run, RunState from, RunState to) {
        if (to.isOpen()) openRuns.add(run.id());
        else openRuns.remove(run.id());
    }
}
