package io.vfmigrate.cli.run;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.RunContradicted;
import io.vfmigrate.app.run.OpenRun;
import io.vfmigrate.app.run.RunReport;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.workflow.RunOutcome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Undoes what an open run did, newest step first (migrating the VM back if it had moved).",
                "Each step to undo is re-checked against the hosts and the guest first; if they contradict the journal, nothing is done (exit 2).",
                "Progress, --quiet and --output json as for migrate; a first SIGINT/SIGTERM lets the rollback finish, a second stops at once."})
public final class RollbackCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN") String runId;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json",
            description = "Output format (default: text); json: one event per line, the outcome last.")
    OutputFormat output;

    public RollbackCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        GlobalOptions options = global.orParent(spec);
        var err = spec.commandLine().getErr();
        var s = ServicesFactory.open(wiring, options, err);
        var out = spec.commandLine().getOut();
        String vm = s.journal().find(runId).map(RunRecord::vm).orElse("");
        try (RunSession session = RunSession.open(wiring, options, out, err, output, s, runId, vm)) {
            try {
                RunOutcome o = new OpenRun(s).rollback(runId, session.listeners(), session.finishingControls());
                return session.finish(o, ExitCode.of(o), RunReport.after(s.journal(), o));
            } catch (RunContradicted refused) {
                return session.refused(err, refused);
            }
        }
    }
}
