package io.vfmigrate.cli;

import io.vfmigrate.app.OpenRun;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Undoes what an open run did, newest step first (migrating the VM back if it had moved).",
                "Each step to undo is re-checked against the hosts and the guest first; if they contradict the journal, nothing is done (exit 2)."})
final class RollbackCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN") String runId;

    RollbackCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        GlobalOptions options = global.orParent(spec);
        var s = ServicesFactory.open(wiring, options, spec.commandLine().getErr());
        var out = spec.commandLine().getOut();
        List<io.vfmigrate.workflow.RunListener> progress = options.quiet ? List.of() : List.of(new ConsoleProgress(out));
        try {
            return OutcomePrinter.print(out, new OpenRun(s).rollback(runId, progress));
        } catch (io.vfmigrate.app.RunContradicted refused) {
            return ContradictionPrinter.print(spec.commandLine().getErr(), refused);
        }
    }
}
