package io.vfmigrate.cli;

import io.vfmigrate.app.ParentRuns;
import io.vfmigrate.cli.maintenance.RollingCommand;
import io.vfmigrate.cli.run.RunSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `resume RUN|EVAC`: a VM's run goes on through the run use case, an evacuation through the fleet's. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Goes on with an open run from its last committed step (a step with no recorded outcome is checked against the real state first).",
                "An evacuation's id (e...) goes on with that evacuation: its VMs' runs left open in flight are resumed first, then the VMs still on its host are placed and moved.",
                "A rolling maintenance's id (o...) goes on with each host from the phase its journal reached.",
                "Each step it skips is re-checked against the hosts and the guest; if they contradict the journal, nothing is done (exit 2).",
                "Signals, progress, --quiet and --output json as for migrate (and evacuate)."})
public final class ResumeCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN|EVAC|ROLL") String runId;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json",
            description = "Output format (default: text); json: one event per line, the outcome last.")
    OutputFormat output;

    public ResumeCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        GlobalOptions options = global.orParent(spec);
        var err = spec.commandLine().getErr();
        var s = ServicesFactory.open(wiring, options, err);
        var out = spec.commandLine().getOut();
        var record = s.journal().find(runId);
        if (record.isPresent() && ParentRuns.isRolling(record.get())) {
            return RollingCommand.resume(wiring, options, out, err, output, s, record.get());
        }
        if (record.isPresent() && ParentRuns.isEvacuation(record.get())) {
            return EvacuationSession.resume(wiring, options, out, err, output, s, record.get());
        }
        return RunSession.resume(wiring, options, out, err, output, s, runId, record);
    }
}
