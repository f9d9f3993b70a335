package io.vfmigrate.app.run;

import io.vfmigrate.app.LeaseKeeper;
import io.vfmigrate.app.Services;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.Engine;
import io.vfmigrate.workflow.JournalLag;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs an engine action with the journal first among the listeners, the leases renewed meanwhile.
 * The journal is fenced by the run's VM lease: once another coordinator took it over, the next
 * journal write (which precedes every step and undo) throws LeaseLostException and nothing more is done.
 * When the state store fails instead, the outcome says what the journal lacks ({@link JournalLag}); the
 * run stays open in the journal, its leases left to expire.
 */
final class RunExecution {
    private RunExecution() {}

    static RunOutcome run(Services s, Leases.Fence fence, List<RunListener> listeners, Function<Engine, RunOutcome> action) {
        List<RunListener> all = new ArrayList<>();
        JournalRecorder journal = new JournalRecorder(s.journal().fenced(fence), s.clock());
        all.add(journal);
        all.add(new LoggingListener());
        all.addAll(listeners);
        Engine engine = new Engine(all, s.clock(), s.poll(), new HostSurvey(), new EndStateVerifier());
        RunOutcome outcome;
        // every log line of the run names it and its VM (resume and rollback too)
        String vm = fence.key().startsWith("vm:") ? fence.key().substring(3) : "-";
        boolean named = org.slf4j.MDC.get("run") != null; // `migrate` names it already, for its preflight too
        if (!named) {
            org.slf4j.MDC.put("run", fence.runId());
            org.slf4j.MDC.put("vm", vm);
        }
        try (LeaseKeeper keeper = new LeaseKeeper(s.leases(), fence, s.leaseTtl())) {
            outcome = action.apply(engine);
        } finally {
            if (!named) {
                org.slf4j.MDC.remove("run");
                org.slf4j.MDC.remove("vm");
            }
        }
        Optional<JournalLag> lag = journal.lag();
        if (lag.isPresent()) return outcome.withJournalLag(lag.get());
        if (outcome.state().isOpen()) return outcome;
        try {
            s.leases().releaseAll(fence.runId());
        } catch (RuntimeException e) {
            return outcome.withSecondaryError("could not release the leases of run " + fence.runId() + " (they expire by themselves): "
                    + e.getMessage());
        }
        return outcome;
    }
}
