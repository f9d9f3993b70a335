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
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "vms", mixinStandardHelpOptions = true,
        description = {"Lists every domain of every inventory host (or one host): state, memory, vCPUs, VFs per network,",
                "and its readiness for a move, with the reason when it is not ready. Hosts are asked in parallel;",
                "a host that does not answer is a row that says so, and the exit code stays 0. Changes nothing."})
public final class VmsCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(names = "--host", paramLabel = "HOST", description = "Only this inventory host.")
    String host;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    public VmsCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Services services = ServicesFactory.open(wiring, global.orParent(spec), spec.commandLine().getErr());
        FleetSurvey survey = new FleetSurvey(services);
        if (host != null) services.inventory().host(host);
        FleetSnapshot fleet = host == null ? survey.all() : survey.of(Set.of(host));
        FleetPrinter.warnUnreachable(spec.commandLine().getErr(), fleet);
        if (output == OutputFormat.json) FleetPrinter.json(out, FleetPrinter.vmsJson(fleet, ExitCode.DONE));
        else FleetPrinter.vmsText(out, fleet);
        out.flush();
        return ExitCode.DONE;
    }
}
