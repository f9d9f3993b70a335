package io.vfmigrate.cli;

import io.vfmigrate.app.Services;
import io.vfmigrate.app.StaleRuns;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.workflow.steps.StepTypes;
import java.io.PrintWriter;

/** Loads the inventory and workflows a command needs, wires the services, and reports stale runs. */
final class ServicesFactory {
    private ServicesFactory() {}

    static Services open(Wiring wiring, GlobalOptions global, PrintWriter err) {
        var inventory = InventoryLoader.load(global.inventoryFile());
        var workflows = new WorkflowLoader(StepTypes.catalog(), global.workflowDirectory());
        Services services = wiring.services(inventory, workflows, global);
        for (var r : new StaleRuns(services).find()) err.println("warning: " + StaleRuns.advice(r));
        err.flush();
        return services;
    }
}
