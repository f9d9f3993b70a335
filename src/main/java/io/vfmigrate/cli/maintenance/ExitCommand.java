package io.vfmigrate.cli.maintenance;

import io.vfmigrate.app.Services;
import io.vfmigrate.app.maintenance.ExitMaintenance;
import io.vfmigrate.app.maintenance.HostReturn;
import io.vfmigrate.cli.EvacuationOutput;
import io.vfmigrate.cli.EvacuationPrinter;
import io.vfmigrate.cli.EvacuationSession;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.JsonOutput;
import io.vfmigrate.cli.MoveLimits;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.PolicyOption;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.model.Printable;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "exit", mixinStandardHelpOptions = true,
        description = {"Ends HOST's maintenance: enables it and moves back every VM that left it and is still where the maintenance put it",
                "(no run moved it since, same domain UUID), each with the workflow it left with (shut-off ones offline), with the",
                "evacuation's move slots, limits, breakers and placement checks, into HOST only. A VM moved, redefined or deleted",
                "since, or that cannot return (no free VF of its network on HOST, an anti-affinity group member there, ...) stays",
                "and is named. --no-return: enable HOST and end the maintenance, move nothing. --dry-run: the return plan, nothing",
                "changed (not even the host's flag). A host not in maintenance is refused (exit 2). Exit code 0 when every VM that",
                "left is back, 1 when some stayed, 3 when a run needs an operator. A move back cut short goes on when run again."})
public final class ExitCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "HOST", description = "The inventory host in maintenance.")
    String host;

    @Option(names = "--no-return", description = "Enable the host and end its maintenance; move no VM back.")
    boolean noReturn;

    @Mixin MoveLimits limits;

    @Option(names = "--dry-run", description = "Print the return plan, change nothing.")
    boolean dryRun;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    @Option(names = "--policy", paramLabel = "KEY=VALUE", description = "Migration policy value for every VM's run, as for migrate (repeatable).")
    Map<String, String> policy;

    public ExitCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var policyLayers = PolicyOption.layers(policy);
        GlobalOptions options = MaintenanceCommand.global(spec, global);
        Services s = ServicesFactory.open(wiring, options, err);
        ExitMaintenance exit = new ExitMaintenance(s);
        var o = new ExitMaintenance.Options(noReturn, dryRun, limits.parallel, limits.maxPerDestination);
        if (dryRun) {
            var r = exit.exit(host, o, EvacuationSession.forDryRun(wiring, s),
                    io.vfmigrate.app.EvacuationProgress.NONE, io.vfmigrate.app.maintenance.MaintenanceProgress.NONE);
            return dryRun(out, r);
        }
        return EvacuationSession.run(wiring, options, out, err, output, s, host, limits.parallel, policyLayers,
                (evac, progress, output) -> exit.exit(host, o, evac, progress, new MaintenancePhases(output, options.quiet)),
                (output, r, breakers) -> print(output, r, breakers));
    }

    private int print(EvacuationOutput o, ExitMaintenance.Result r, Set<String> breakers) {
        Map<String, Object> json = new LinkedHashMap<>(MaintenanceJson.record(r.maintenance()));
        json.put("returns", MaintenanceJson.rows(r.rows()));
        if (o.json().isPresent()) {
            json.put("evacuation", r.moves().flatMap(m -> m.evacuationId()).orElse(null));
            json.put("open-breakers", breakers);
            json.put("left-open", r.leftOpen());
            json.put("exit-code", r.exitCode());
            o.json().get().outcome(json);
            return r.exitCode();
        }
        PrintWriter text = o.text();
        table(text, r.rows());
        if (!breakers.isEmpty()) text.println("breakers opened for: " + String.join(", ", breakers));
        r.moves().flatMap(m -> m.evacuationId()).ifPresent(id -> text.println("moves back " + id + ": `vfmigrate show " + id + "` lists each VM and its run"));
        text.println(r.leftOpen() ? "maintenance " + r.maintenance().id() + " is left open, " + host + " enabled: `vfmigrate maintenance exit " + host
                + "` goes on with the VMs still away" : "maintenance " + r.maintenance().id() + " closed: " + host + " enabled");
        text.flush();
        return r.exitCode();
    }

    private int dryRun(PrintWriter out, ExitMaintenance.Result r) {
        if (output == OutputFormat.json) {
            Map<String, Object> json = new LinkedHashMap<>(MaintenanceJson.record(r.maintenance()));
            json.put("plan", EvacuationPrinter.json(host, r.plan().orElse(null), r.exitCode()));
            json.put("returns", MaintenanceJson.rows(r.rows()));
            json.put("exit-code", r.exitCode());
            JsonOutput.print(out, json);
        } else {
            r.plan().ifPresent(p -> EvacuationPrinter.text(out, p));
            table(out, r.rows());
            out.println("dry run: nothing was changed (" + host + " stays disabled until `vfmigrate maintenance exit " + host + "`)");
        }
        out.flush();
        return r.exitCode();
    }

    /** VM, where it is away from the host, what came of it, and why. */
    static void table(PrintWriter out, List<HostReturn> rows) {
        out.printf("%-16s %-12s %-15s %s%n", "VM", "FROM", "RESULT", "DETAIL");
        for (HostReturn r : rows) {
            out.printf("%-16s %-12s %-15s %s%n", r.vm(), r.from(), r.result().label(),
                    Printable.clean(r.runId().map(id -> id + " ").orElse("") + r.detail()));
        }
    }
}
