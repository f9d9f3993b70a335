package io.vfmigrate.workflow;

import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.ports.MigrationObserver;
import java.util.List;

/**
 * What the operator controls in a run from outside its workflow: the migration policy's layers around
 * the workflow's own (inventory defaults and destination host before it, the command line after it),
 * whoever watches the migration job, and whether a signal asked the run to stop (and which).
 */
public record RunControls(List<PolicyLayers.Layer> beforeWorkflow, List<PolicyLayers.Layer> afterWorkflow,
                          MigrationObserver observer, StopRequest stopRequested) {
    public static final RunControls NONE = new RunControls(List.of(), List.of(), MigrationObserver.NONE, () -> false);

    public RunControls {
        beforeWorkflow = List.copyOf(beforeWorkflow);
        afterWorkflow = List.copyOf(afterWorkflow);
    }
}
