package io.vfmigrate.cli.run;

import static io.vfmigrate.model.Printable.clean;

import io.vfmigrate.app.Services;
import io.vfmigrate.app.run.RunReport;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.JsonOutput;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.Leases;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Shows a run: its steps with times and outcomes, and what it left. Reads no inventory; creates no state store.")
public final class ShowCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN") String runId;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    public ShowCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        Services s = ServicesFactory.journalOnly(wiring, global.orParent(spec), spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        var r = s.journal().find(runId).orElseThrow(() -> new ConfigException("no run " + Printable.quote(runId) + " in the journal"));
        List<JournalEntry> entries = s.journal().entries(runId);
        Optional<Leases.Holder> lease = s.leases().holder(Leases.vmKey(r.vm()));
        if (output == OutputFormat.json) {
            Map<String, Object> m = new LinkedHashMap<>(RunJson.run(r));
            m.put("entries", entries.stream().map(RunJson::entry).toList());
            m.put("lease", lease.map(RunJson::lease).orElse(null));
            m.put("report", ReportJson.of(RunReport.of(entries)));
            JsonOutput.print(out, m);
            return 0;
        }
        out.printf("run %s: %s from %s to %s, workflow %s, %s (coordinator %s)%n", clean(r.id()), clean(r.vm()), clean(r.source()),
                clean(r.destination()), clean(r.workflow()), r.state(), clean(r.coordinator()));
        out.printf("created %s, updated %s%n", r.created(), r.updated());
        for (JournalEntry e : entries) {
            String step = e.step() < 0 ? "" : "step " + (e.step() + 1) + " " + clean(e.stepType()) + " ";
            out.printf("  %s %-24s %s%s%n", e.at(), e.kind(), step, clean(e.detail()));
        }
        lease.ifPresent(h -> out.println("lease: " + clean(h.describe())));
        RunOutput.printReport(out, RunReport.of(entries));
        out.flush();
        return 0;
    }
}
