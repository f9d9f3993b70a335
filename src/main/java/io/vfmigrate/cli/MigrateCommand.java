package io.vfmigrate.cli;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrateVm;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.config.WorkflowLoader;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.steps.StepTypes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Live-migrates one VM, its VFs included, to another host.",
                "With --dry-run: runs the read-only preflight against the live hosts and prints the whole plan; changes nothing."})
final class MigrateCommand implements Callable<Integer> {
    enum Output { text, json }

    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "VM", description = "Name of the libvirt domain.")
    String vm;

    @Option(names = "--to", required = true, paramLabel = "HOST", description = "Destination host (from the inventory).")
    String to;

    @Option(names = "--from", paramLabel = "HOST", description = "Source host (default: the inventory host the VM runs on).")
    String from;

    @Option(names = "--workflow", paramLabel = "NAME", defaultValue = "bond-macvtap",
            description = "Workflow name or file: bond-macvtap (default), bond-ovs, naive, or a path.")
    String workflow;

    @Option(names = "--dry-run", description = "Print the plan, change nothing.")
    boolean dryRun;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    Output output;

    MigrateCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var inventory = InventoryLoader.load(global.inventoryFile());
        var workflows = new WorkflowLoader(StepTypes.catalog(), global.workflowDirectory());
        Services services = wiring.services(inventory, workflows, global);
        List<RunListener> listeners = output == Output.text ? List.of(new ConsoleProgress(out)) : List.of();
        MigrationResult result = new MigrateVm(services).run(new MigrateRequest(vm, Optional.ofNullable(from), to, workflow, dryRun), listeners);
        if (output == Output.json) {
            PlanPrinter.json(out, result);
        } else {
            printText(out, result);
        }
        out.flush();
        return result.exitCode();
    }

    private void printText(PrintWriter out, MigrationResult result) {
        if (result.refusal().isPresent()) {
            out.println("refused: " + result.refusal().get());
            return;
        }
        if (result.outcome().isEmpty()) {
            PlanPrinter.text(out, result.plan());
            if (!result.plan().preflightPassed()) out.println("refused: preflight failed; nothing was changed");
            return;
        }
        var o = result.outcome().get();
        switch (o.state()) {
            case SUCCEEDED -> out.printf("done: %s now runs on %s (run %s)%n", vm, result.plan().destination(), o.run().id());
            case COMPENSATED -> out.printf("failed and compensated: %s is as it was on %s (run %s): %s%n", vm,
                    result.plan().source(), o.run().id(), o.cause().map(c -> c.message()).orElse(""));
            default -> {
                out.printf("needs an operator: run %s: %s%n", o.run().id(), o.cause().map(c -> c.message()).orElse(""));
                o.compensationFailures().forEach(f -> out.println("  undo failed: " + f.message()));
            }
        }
    }
}
