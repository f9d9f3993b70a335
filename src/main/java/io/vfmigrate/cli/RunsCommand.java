package io.vfmigrate.cli;

import io.vfmigrate.app.Services;
import io.vfmigrate.model.RunRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists open runs (with --all: every run), newest first.")
final class RunsCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(names = "--all", description = "Include finished runs.")
    boolean all;

    RunsCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        Services s = ServicesFactory.open(wiring, global.orParent(spec), spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        List<RunRecord> runs = s.journal().runs(all);
        if (runs.isEmpty()) out.println(all ? "no runs" : "no open runs");
        else out.printf("%-26s %-14s %-10s %-10s %-14s %-16s %s%n", "RUN", "VM", "FROM", "TO", "WORKFLOW", "STATE", "UPDATED");
        for (RunRecord r : runs) {
            out.printf("%-26s %-14s %-10s %-10s %-14s %-16s %s%n", r.id(), r.vm(), r.source(), r.destination(), r.workflow(), r.state(), r.updated());
        }
        out.flush();
        return 0;
    }
}
