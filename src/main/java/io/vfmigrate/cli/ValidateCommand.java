package io.vfmigrate.cli;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.model.NetdevName;
import io.vfmigrate.workflow.steps.StepTypes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks the inventory and every workflow (built in, and each *.yaml of --workflows DIR) offline:",
                "no host is asked, no state store is opened. Exit 2 with every problem on a line of its own, else 'ok'."})
final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    public Integer call() {
        GlobalOptions options = global.orParent(spec);
        List<String> problems = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        String inventorySummary = inventory(options, problems, err);
        List<String> workflows = new ArrayList<>();
        try {
            Optional<java.nio.file.Path> dir = options.workflowDirectory(err);
            for (WorkflowCatalog.Entry e : new WorkflowCatalog(new WorkflowLoader(StepTypes.catalog(), dir), dir).entries()) {
                e.problem().ifPresentOrElse(problems::add, () -> workflows.add(e.name()));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> ErrorLines.print(err, p));
            return ExitCode.REFUSED;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(options.quiet ? "ok" : "ok: " + inventorySummary + "; workflows " + String.join(", ", workflows));
        out.flush();
        return 0;
    }

    private static String inventory(GlobalOptions options, List<String> problems, PrintWriter err) {
        try {
            Inventory inventory = InventoryLoader.load(options.inventoryFile(err));
            for (Inventory.HostConfig h : inventory.hosts().values()) {
                h.networks().forEach((name, net) -> devices(inventory.source(), h.name(), name, net.vfPool(), problems));
            }
            return "inventory " + inventory.source() + " (" + inventory.hosts().size() + " hosts)";
        } catch (ConfigException | IllegalArgumentException e) {
            problems.add(e.getMessage());
            return "";
        }
    }

    /** The device names the VF pools put on host command lines (temporary ports check theirs when built). */
    private static void devices(String file, String host, String network, Inventory.VfPoolConfig pool, List<String> problems) {
        String where = file + ": hosts." + host + ".networks." + network + ".vf-pool";
        try {
            if (pool instanceof Inventory.VfPoolConfig.Pf pf) NetdevName.of(pf.pf(), where + ".pf");
            if (pool instanceof Inventory.VfPoolConfig.Emulated e) NetdevName.of(e.bridge(), where + ".bridge");
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }
}
