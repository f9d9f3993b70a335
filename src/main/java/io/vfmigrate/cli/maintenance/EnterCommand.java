package io.vfmigrate.cli.maintenance;

import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.maintenance.EnterMaintenance;
import io.vfmigrate.cli.EvacuationOptions;
import io.vfmigrate.cli.EvacuationPrinter;
import io.vfmigrate.cli.EvacuationSession;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.PolicyOption;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "enter", mixinStandardHelpOptions = true,
        description = {"Takes HOST into maintenance: opens its maintenance record, disables it (reason \"maintenance (M)\") and evacuates it",
                "as `evacuate` does, recording each VM that left: where it went, the run that moved it, its workflow, running or shut off.",
                "A VM that could not be moved stays on the host and is not recorded. A host in maintenance is refused (exit 2); a",
                "maintenance whose evacuation was cut short (coordinator killed, a signal) is resumed instead. Output, signals and",
                "exit codes as for evacuate; --dry-run prints the evacuation's plan and changes nothing."})
public final class EnterCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "HOST", description = "The inventory host to take into maintenance.")
    String host;

    @Mixin EvacuationOptions evacuation;

    @Option(names = "--dry-run", description = "Print the evacuation's plan, change nothing.")
    boolean dryRun;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    @Option(names = "--policy", paramLabel = "KEY=VALUE", description = "Migration policy value for every VM's run, as for migrate (repeatable).")
    Map<String, String> policy;

    public EnterCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var policyLayers = PolicyOption.layers(policy);
        GlobalOptions options = MaintenanceCommand.global(spec, global);
        Services s = ServicesFactory.open(wiring, options, err);
        var request = evacuation.request(host);
        EnterMaintenance enter = new EnterMaintenance(s);
        if (dryRun) return dryRun(out, enter.dryRun(request, EvacuationSession.forDryRun(wiring, s)));
        return EvacuationSession.run(wiring, options, out, err, output, s, host, request.parallel(), policyLayers,
                (evac, progress, o) -> enter.enter(request, evac, progress, new MaintenancePhases(o, options.quiet)),
                (o, r, breakers) -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    r.maintenance().ifPresent(m -> {
                        json.putAll(MaintenanceJson.record(m));
                        json.put("away", MaintenanceJson.origins(m));
                    });
                    String last = r.maintenance().map(m -> m.entered().isPresent()
                            ? host + " is in maintenance (" + m.id() + ", " + m.origins().size() + " VM(s) away): `vfmigrate maintenance exit " + host
                                    + "` enables it and moves them back"
                            : "maintenance " + m.id() + " of " + host + " has not finished entering: `vfmigrate maintenance enter " + host + "` goes on")
                            .orElse("nothing was changed");
                    return EvacuationSession.print(o, host, r.evacuation(), breakers, json, last);
                });
    }

    private int dryRun(PrintWriter out, EvacuationResult result) {
        return EvacuationPrinter.dryRun(out, host, output == OutputFormat.json, result);
    }
}
