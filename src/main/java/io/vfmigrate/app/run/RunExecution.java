package io.vfmigrate.app.run;

import io.vfmigrate.app.LeaseKeeper;
import io.vfmigrate.app.Services;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.workflow.Engine;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs an engine action with the journal first among the listeners, the leases renewed meanwhile.
 * The journal is fenced by the run's VM lease: once another coordinator took it over, the next
 * journal write (which precedes every step and undo) throws LeaseLostException and nothing more is done.
 */
final class RunExecution {
    private RunExecution() {}

    static RunOutcome run(Services s, Leases.Fence fence, List<RunListener> listeners, Function<Engine, RunOutcome> action) {
        List<RunListener> all = new ArrayList<>();
        all.add(new JournalRecorder(s.journal().fenced(fence), s.clock()));
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
        if (!outcome.state().isOpen()) s.leases().releaseAll(fence.runId());
        return outcome;
    }
}
