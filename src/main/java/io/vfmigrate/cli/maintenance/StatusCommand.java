package io.vfmigrate.cli.maintenance;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.maintenance.MaintenanceStatus;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.JsonOutput;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.ports.Maintenances.Maintenance;
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

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The hosts in maintenance (or one), since when, and each VM that left: where it went and where it is now (asked of",
                "the hosts: \"unknown\" when its host does not answer, \"gone\" when no host has it). --all adds the closed maintenances",
                "(kept for history). Changes nothing."})
public final class StatusCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", description = "Only this host.")
    String host;

    @Option(names = "--all", description = "Closed maintenances too.")
    boolean all;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    public StatusCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Services s = ServicesFactory.open(wiring, MaintenanceCommand.global(spec, global), spec.commandLine().getErr());
        List<MaintenanceStatus.Entry> entries = new MaintenanceStatus(s).of(Optional.ofNullable(host), all);
        if (output == OutputFormat.json) {
            JsonOutput.print(out, MaintenanceJson.status(entries));
        } else if (entries.isEmpty()) {
            out.println(host == null ? "no host is in maintenance" : host + " is not in maintenance");
        } else {
            for (MaintenanceStatus.Entry e : entries) text(out, e);
        }
        out.flush();
        return ExitCode.DONE;
    }

    private static void text(PrintWriter out, MaintenanceStatus.Entry e) {
        Maintenance m = e.maintenance();
        out.println(m.host() + ": maintenance " + m.id() + ", " + m.phase().label() + " since " + m.since()
                + m.evacuation().map(id -> ", evacuation " + id).orElse("") + m.returnRun().map(id -> ", moves back " + id).orElse("")
                + m.closed().map(at -> ", closed " + at + " (" + m.closedHow() + ")").orElse(""));
        if (e.away().isEmpty()) {
            out.println("  no VM away");
            return;
        }
        out.printf("  %-16s %-12s %-12s %-13s %-9s %s%n", "VM", "WENT TO", "NOW", "WORKFLOW", "STATE", "RUN");
        for (MaintenanceStatus.Away a : e.away()) {
            out.printf("  %-16s %-12s %-12s %-13s %-9s %s%n", a.origin().vm(), a.origin().wentTo(), a.now(), a.origin().workflow(),
                    a.origin().running() ? "running" : "shut-off", a.origin().runId());
        }
    }
}
