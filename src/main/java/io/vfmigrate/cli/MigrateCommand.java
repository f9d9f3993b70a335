package io.vfmigrate.cli;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrateVm;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.workflow.RunListener;
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
        Services services = ServicesFactory.open(wiring, global.orParent(spec), spec.commandLine().getErr());
        List<RunListener> listeners = new java.util.ArrayList<>(TestKillSwitch.fromEnvironment().stream().toList());
        if (output == Output.text) listeners.add(new ConsoleProgress(out));
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
        OutcomePrinter.print(out, result.outcome().get());
    }
}
