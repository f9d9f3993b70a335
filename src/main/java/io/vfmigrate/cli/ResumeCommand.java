package io.vfmigrate.cli;

import io.vfmigrate.app.OpenRun;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Goes on with an open run from its last committed step (a step with no recorded outcome is checked against the real state first).",
                "Each step it skips is re-checked against the hosts and the guest; if they contradict the journal, nothing is done (exit 2)."})
final class ResumeCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN") String runId;

    ResumeCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        GlobalOptions options = global.orParent(spec);
        var s = ServicesFactory.open(wiring, options, spec.commandLine().getErr());
        var out = spec.commandLine().getOut();
        var record = s.journal().find(runId);
        if (record.isPresent() && io.vfmigrate.app.EvacuateHost.isEvacuation(record.get())) return EvacuateCommand.resume(s, runId, out);
        List<io.vfmigrate.workflow.RunListener> progress = options.quiet ? List.of() : List.of(new ConsoleProgress(out));
        try {
            return OutcomePrinter.print(out, new OpenRun(s).resume(runId, progress));
        } catch (io.vfmigrate.app.RunContradicted refused) {
            return ContradictionPrinter.print(spec.commandLine().getErr(), refused);
        }
    }
}
