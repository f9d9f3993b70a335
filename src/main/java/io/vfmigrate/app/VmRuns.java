package io.vfmigrate.app;

import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.util.List;

/** A VM's ordinary run, as the use cases that move many VMs (evacuation) start or resume one. */
public interface VmRuns {
    /** Preflight, plan and the journaled run of one VM (see the `migrate` use case). */
    MigrationResult migrate(MigrateRequest request, List<RunListener> listeners, RunControls controls);

    /** Goes on with an open run from its last committed step; throws {@link RunContradicted} when the real state contradicts it. */
    RunOutcome resume(String runId, List<RunListener> listeners, RunControls controls);
}
