package io.vfmigrate.app;

import io.vfmigrate.workflow.Engine;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs an engine action with the journal first among the listeners, the leases renewed meanwhile. */
final class RunExecution {
    private RunExecution() {}

    static RunOutcome run(Services s, String runId, List<RunListener> listeners, Function<Engine, RunOutcome> action) {
        List<RunListener> all = new ArrayList<>();
        all.add(new JournalRecorder(s.journal(), s.clock()));
        all.add(new LoggingListener());
        all.addAll(listeners);
        Engine engine = new Engine(all, s.clock(), s.poll(), new HostSurvey());
        RunOutcome outcome;
        try (LeaseKeeper keeper = new LeaseKeeper(s.leases(), runId, s.leaseTtl())) {
            outcome = action.apply(engine);
        }
        if (!outcome.state().isOpen()) s.leases().releaseAll(runId);
        return outcome;
    }
}
