package io.vfmigrate.cli.run;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.run.MigrateVm;
import io.vfmigrate.app.run.NetworkProbe;
import io.vfmigrate.app.run.RunReport;
import io.vfmigrate.cli.ErrorLines;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.PolicyOption;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Live-migrates one VM, its VFs included, to another host.",
                "With --dry-run: runs the read-only preflight against the live hosts and prints the whole plan; changes nothing."})
public final class MigrateCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "VM", description = "Name of the libvirt domain.")
    String vm;

    @Option(names = "--to", required = true, paramLabel = "HOST", description = "Destination host (from the inventory).")
    String to;

    @Option(names = "--from", paramLabel = "HOST", description = "Source host (default: the inventory host the VM runs on).")
    String from;

    @Option(names = "--workflow", paramLabel = "NAME", defaultValue = "bond-macvtap",
            description = "Workflow name or file: bond-macvtap (default), bond-ovs, naive, or a path.")
    String workflow;

    @Option(names = "--dry-run", description = "Print the plan, change nothing.")
    boolean dryRun;

    @Option(names = "--allow-outage", description = {"Let a workflow without a temporary port (naive) move a VF that is in no bond:",
            "the guest is offline until the new VF is up; its addresses are restored on it."})
    boolean allowOutage;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    @Option(names = "--policy", paramLabel = "KEY=VALUE", description = {"Migration policy value for this run, winning over the "
            + "inventory and the workflow; repeatable. Keys: downtime-schedule, downtime-raise-delay, bandwidth-mib-per-s, auto-converge, "
            + "auto-converge-initial, auto-converge-increment, parallel-connections, completion-timeout-per-gib, progress-timeout, "
            + "on-timeout (abort|force), tls (yes|no: the migration stream over QEMU's native TLS). --dry-run shows every value in "
            + "force and its source."})
    java.util.Map<String, String> policy;

    @Option(names = "--probe", paramLabel = "HOST:IP", description = "Ping IP every 10 ms through HOST's shell for the whole run; "
            + "lost probes and the longest gap go into the run's report. Probe from a host that is neither the source nor the "
            + "destination: a host cannot reach a guest through a macvtap on its own device.")
    String probe;

    public MigrateCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GlobalOptions options = global.orParent(spec);
        var policyLayers = PolicyOption.layers(policy);
        var probeTarget = ProbeOption.parse(probe);
        probeTarget.filter(t -> t.host().equals(to) || t.host().equals(from)).ifPresent(t -> err.println("warning: --probe from "
                + t.host() + ", a host of this run: its own stack cannot reach the guest through a macvtap temporary port on its "
                + "device, so the probe counts losses that the network does not see; probe from a third host"));
        Services services = ServicesFactory.open(wiring, options, err);
        MigrateRequest request = new MigrateRequest(vm, Optional.ofNullable(from), to, workflow, dryRun, allowOutage);
        if (dryRun) {
            MigrationResult result = new MigrateVm(services).run(request, List.of(), new RunControls(List.of(), policyLayers,
                    MigrationObserver.NONE, () -> false));
            return finish(out, err, result, options.quiet);
        }
        try (RunSession session = RunSession.open(wiring, options, out, err, this.output, services, "", vm);
             NetworkProbe probeRun = NetworkProbe.start(services, probeTarget)) {
            List<RunListener> listeners = session.listeners();
            listeners.add(probeRun);
            MigrationResult result = new MigrateVm(services).run(request, listeners, session.controls(policyLayers));
            probeRun.finish();
            if (result.outcome().isPresent()) {
                RunReport report = RunReport.after(services.journal(), result.outcome().get());
                return session.finish(result.outcome().get(), result.exitCode(), report);
            }
            return finish(session.output().text(), err, result, options.quiet);
        }
    }

    /** A dry run, or a run refused before it was journaled: the plan (JSON or text) and the refusal on stderr. */
    private int finish(PrintWriter out, PrintWriter err, MigrationResult result, boolean quiet) {
        if (output == OutputFormat.json) {
            PlanPrinter.json(out, result);
        } else {
            printText(out, result, quiet);
        }
        out.flush();
        refusal(result).ifPresent(r -> ErrorLines.print(err, r));
        return result.exitCode();
    }

    /** The plan on stdout (a run that was journaled ends through its {@link RunSession}). */
    private static void printText(PrintWriter out, MigrationResult result, boolean quiet) {
        if (result.refusal().isPresent()) return;
        if (!quiet || result.plan().preflightPassed()) PlanPrinter.text(out, result.plan());
    }

    /** A refusal goes to stderr as every error does, in text and in JSON mode. */
    private static Optional<String> refusal(MigrationResult result) {
        if (result.refusal().isPresent()) return result.refusal();
        if (result.plan().preflightPassed()) return Optional.empty();
        return Optional.of("preflight failed (" + String.join("; ", result.plan().preflight().stream().filter(c -> !c.ok())
                .map(c -> c.check() + ": " + c.detail()).toList()) + "); nothing was changed");
    }
}
