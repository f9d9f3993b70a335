package io.vfmigrate.cli.run;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.run.CloseRun;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.model.Printable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "close", mixinStandardHelpOptions = true,
        description = {"Ends an open run whose VM is gone or was repaired by hand, without touching any host: prints what the hosts",
                "still show of the VM, marks the run CLOSED and releases its leases, so it is no longer reported as left open."})
public final class CloseCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN") String runId;

    public CloseCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        GlobalOptions options = global.orParent(spec);
        var s = ServicesFactory.open(wiring, options, spec.commandLine().getErr());
        var out = spec.commandLine().getOut();
        CloseRun.Closed closed = new CloseRun(s).close(runId);
        out.println("what the hosts show of " + Printable.line(closed.run().vm()) + ":");
        closed.survey().forEach(l -> out.println("  " + Printable.line(l)));
        out.printf("closed: run %s (%s -> CLOSED); vfmigrate no longer reports it as left open%n",
                Printable.line(closed.run().id()), closed.from());
        out.flush();
        return ExitCode.DONE;
    }
}
