package io.vfmigrate.cli.run;

import static io.vfmigrate.model.Printable.clean;

import io.vfmigrate.app.Services;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.JsonOutput;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.model.RunRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Lists open runs (with --all: every run), newest first. Reads no inventory; creates no state store.")
public final class RunsCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(names = "--all", description = "Include finished runs.")
    boolean all;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    public RunsCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        Services s = ServicesFactory.journalOnly(wiring, global.orParent(spec), spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        List<RunRecord> runs = s.journal().runs(all);
        if (output == OutputFormat.json) {
            JsonOutput.print(out, runs.stream().map(RunJson::run).toList());
            return 0;
        }
        if (runs.isEmpty()) out.println(all ? "no runs" : "no open runs");
        else out.printf("%-26s %-14s %-10s %-10s %-14s %-16s %s%n", "RUN", "VM", "FROM", "TO", "WORKFLOW", "STATE", "UPDATED");
        for (RunRecord r : runs) {
            out.printf("%-26s %-14s %-10s %-10s %-14s %-16s %s%n", clean(r.id()), clean(r.vm()), clean(r.source()),
                    clean(r.destination()), clean(r.workflow()), r.state(), r.updated());
        }
        out.flush();
        return 0;
    }
}
