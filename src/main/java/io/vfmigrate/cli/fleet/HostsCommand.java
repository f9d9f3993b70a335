package io.vfmigrate.cli.fleet;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.FleetSurvey;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.planning.FleetSnapshot;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {"Lists every inventory host: free VFs per network and NUMA node, free memory, vCPUs in use,",
                "running VMs, and whether it is disabled. Hosts are asked in parallel; a host that does not answer",
                "is a row that says so, and the exit code stays 0. Changes nothing."})
public final class HostsCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    public HostsCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Services services = ServicesFactory.open(wiring, global.orParent(spec), spec.commandLine().getErr());
        FleetSnapshot fleet = new FleetSurvey(services).all();
        FleetPrinter.warnUnreachable(spec.commandLine().getErr(), fleet);
        var disabled = services.hostFlags().disabled();
        if (output == OutputFormat.json) FleetPrinter.json(out, FleetPrinter.hostsJson(fleet, disabled, ExitCode.DONE));
        else FleetPrinter.hostsText(out, fleet, disabled);
        out.flush();
        return ExitCode.DONE;
    }
}
