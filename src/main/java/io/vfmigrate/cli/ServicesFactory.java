package io.vfmigrate.cli;

import io.vfmigrate.app.Services;
import io.vfmigrate.app.run.PendingCleanupCheck;
import io.vfmigrate.app.run.StaleRuns;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.model.Printable;
import io.vfmigrate.workflow.steps.StepTypes;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Loads what a command needs, wires the services, and reports stale runs. Nothing here creates the
 * state store: it is opened when a command first uses it, and created by its first write only.
 */
public final class ServicesFactory {
    private ServicesFactory() {}

    /** For commands that reach hosts: the inventory and the workflows. */
    public static Services open(Wiring wiring, GlobalOptions global, PrintWriter err) {
        var inventory = InventoryLoader.load(global.inventoryFile(err));
        var workflows = new WorkflowLoader(StepTypes.catalog(), global.workflowDirectory(err));
        return reportStale(wiring.services(inventory, workflows, global), global, err);
    }

    /** For commands that only read the journal ({@code runs}, {@code show}): no inventory, no workflow is read. */
    public static Services journalOnly(Wiring wiring, GlobalOptions global, PrintWriter err) {
        var none = Inventory.empty("(no inventory: this command reads none)");
        return reportStale(wiring.services(none, new WorkflowLoader(StepTypes.catalog(), Optional.empty()), global), global, err);
    }

    private static Services reportStale(Services services, GlobalOptions global, PrintWriter err) {
        if (global.quiet) return services;
        for (var r : new StaleRuns(services).find()) err.println("warning: " + Printable.line(StaleRuns.advice(r)));
        for (var line : new PendingCleanupCheck(services).check()) err.println("warning: " + Printable.line(line));
        err.flush();
        return services;
    }
}
