package io.vfmigrate.app.run;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.VmRuns;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.util.List;

/** A VM's run for the use cases that move many: {@link MigrateVm} to start one, {@link OpenRun} to go on with one. */
public record VmRunner(Services services) implements VmRuns {
    @Override
    public MigrationResult migrate(MigrateRequest request, List<RunListener> listeners, RunControls controls) {
        return new MigrateVm(services).run(request, listeners, controls);
    }

    @Override
    public RunOutcome resume(String runId, List<RunListener> listeners, RunControls controls) {
        return new OpenRun(services).resume(runId, listeners, controls);
    }
}
