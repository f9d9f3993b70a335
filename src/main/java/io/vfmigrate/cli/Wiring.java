package io.vfmigrate.cli;

import io.vfmigrate.app.Services;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.WorkflowLoader;

/** Builds the use cases' services: real adapters in {@link Main}, fakes in tests. */
public interface Wiring {
    Services services(Inventory inventory, WorkflowLoader workflows, GlobalOptions options);

    /** The state store that {@link #services} of the same options use (schedules, db-scheduler's connections). */
    default io.vfmigrate.adapters.store.StoreOnDemand store(GlobalOptions options) {
        return io.vfmigrate.adapters.store.StateStore.onDemand(options.state().orElse(null), java.time.Clock.systemUTC());
    }
}
