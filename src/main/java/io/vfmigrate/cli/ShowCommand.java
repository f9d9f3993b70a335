package io.vfmigrate.cli;

import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.JournalEntry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Shows a run: its steps with times and outcomes, and what it left.")
final class ShowCommand implements Callable<Integer> {
    private final Wiring wiring;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN") String runId;

    ShowCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        Services s = ServicesFactory.open(wiring, global.orParent(spec), spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        var r = s.journal().find(runId).orElseThrow(() -> new ConfigException("no run '" + runId + "' in the journal"));
        out.printf("run %s: %s from %s to %s, workflow %s, %s (coordinator %s)%n", r.id(), r.vm(), r.source(), r.destination(),
                r.workflow(), r.state(), r.coordinator());
        out.printf("created %s, updated %s%n", r.created(), r.updated());
        for (JournalEntry e : s.journal().entries(runId)) {
            String step = e.step() < 0 ? "" : "step " + (e.step() + 1) + " " + e.stepType() + " ";
            out.printf("  %s %-24s %s%s%n", e.at(), e.kind(), step, e.detail());
        }
        s.leases().holder(io.vfmigrate.ports.Leases.vmKey(r.vm())).ifPresent(h -> out.println("lease: " + h.describe()));
        out.flush();
        return 0;
    }
}
