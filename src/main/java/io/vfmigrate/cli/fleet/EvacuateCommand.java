package io.vfmigrate.cli.fleet;

import io.vfmigrate.app.Services;
import io.vfmigrate.app.evacuation.PlanEvacuation;
import io.vfmigrate.cli.EvacuationOptions;
import io.vfmigrate.cli.EvacuationPrinter;
import io.vfmigrate.cli.EvacuationSession;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.PolicyOption;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "evacuate", mixinStandardHelpOptions = true,
        description = {"Plans the move of every VM off a host: VMs with VFs in a bond by the bond workflow, VMs without VF",
                "by `plain`, VMs whose VF is in no bond only with --allow-outage (by `naive`), shut-off ones offline.",
                "With --dry-run: prints the plan (destinations, VFs, workflows, waves) and changes nothing.",
                "Without it: disables the host, then moves the VMs as ordinary runs within the limits, with a circuit breaker per",
                "destination and up to 3 tries per VM on other destinations. Exit code 0 when every VM left, 1 when some stayed",
                "(healthy on the host), 3 when a run needs an operator, 2 when refused before any change (a VM unplaceable",
                "without --skip-unplaceable).",
                "Prints a line per event (a status line per moving VM on a terminal), then a table; --quiet the table only;",
                "--output json: one JSON event per line, the outcome last. Signals as for migrate, and no new move after the first."})
public final class EvacuateCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "HOST", description = "The inventory host to empty.")
    String host;

    @Mixin EvacuationOptions evacuation;

    @Option(names = "--dry-run", description = "Print the plan, change nothing.")
    boolean dryRun;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    @Option(names = "--policy", paramLabel = "KEY=VALUE", description = "Migration policy value for every VM's run, as for migrate (repeatable).")
    java.util.Map<String, String> policy;

    public EvacuateCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var policyLayers = PolicyOption.layers(policy);
        GlobalOptions options = global.orParent(spec);
        Services services = ServicesFactory.open(wiring, options, err);
        var request = evacuation.request(host);
        if (!dryRun) return EvacuationSession.evacuate(wiring, options, out, err, output, services, request, policyLayers);
        PlanEvacuation.Result result = new PlanEvacuation(services, policyLayers).plan(request);
        return EvacuationPrinter.dryRun(out, host, output == OutputFormat.json,
                new io.vfmigrate.app.EvacuationResult(result.plan(), java.util.List.of(), result.exitCode(), result.refusal()));
    }
}
