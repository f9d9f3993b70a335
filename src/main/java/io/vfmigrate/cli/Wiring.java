package io.vfmigrate.cli;

import io.vfmigrate.adapters.store.StateStore;
import io.vfmigrate.adapters.store.StoreOnDemand;
import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.Rollings;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.EvacuateHost;
import io.vfmigrate.app.maintenance.RollingMaintenance;
import io.vfmigrate.app.run.VmRunner;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.workflow.RunListener;
import java.util.List;

/** Builds the use cases' services: real adapters in {@link RealWiring} (which {@link Main} uses), fakes in tests. */
public interface Wiring {
    Services services(Inventory inventory, WorkflowLoader workflows, GlobalOptions options);

    /** Evacuations on these services, each VM moved by an ordinary run: where the use cases meet. */
    default Evacuations evacuations(Services s) { return EvacuateHost.on(s, new VmRunner(s)); }

    /** Rolling maintenances on these services, for `serve` (a scheduled rolling); each host's moves by {@link #evacuations}. */
    default Rollings rollings(Services s) { return RollingMaintenance.on(s); }

    /** The state store that {@link #services} of the same options use (schedules, db-scheduler's connections). */
    default StoreOnDemand store(GlobalOptions options) {
        return StateStore.onDemand(options.state().orElse(null), java.time.Clock.systemUTC());
    }

    /**
     * The signal handling of a run: the real wiring installs handlers for SIGINT and SIGTERM; tests
     * (one JVM for many commands) get a RunSignals that no signal reaches unless they call it.
     */
    default RunSignals signals(java.io.PrintWriter err) { return new RunSignals(err, () -> { }); }

    /** A run is about to start: the real wiring adds the log file of a directory store. */
    default void logRuns(GlobalOptions options) { }

    /**
     * Listeners of every run besides the output's: none in the shipped jar; the lab's crash tests start
     * the CLI through a main of the test classes that adds one which kills the process after a step.
     */
    default List<RunListener> runListeners() { return List.of(); }

    /** Whether the output may get a terminal's status line (never in tests). */
    default boolean terminal() { return false; }
}
