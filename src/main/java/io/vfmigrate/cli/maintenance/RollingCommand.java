package io.vfmigrate.cli.maintenance;

import io.vfmigrate.app.Evacuations;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.Services;
import io.vfmigrate.app.RollingRequest;
import io.vfmigrate.app.RollingResult;
import io.vfmigrate.app.maintenance.RollingMaintenance;
import io.vfmigrate.cli.EvacuationOptions;
import io.vfmigrate.cli.EvacuationOutput;
import io.vfmigrate.cli.EvacuationPrinter;
import io.vfmigrate.cli.EvacuationSession;
import io.vfmigrate.cli.GlobalOptions;
import io.vfmigrate.cli.JsonOutput;
import io.vfmigrate.cli.OutputFormat;
import io.vfmigrate.cli.PolicyOption;
import io.vfmigrate.cli.RollingOptions;
import io.vfmigrate.cli.ServicesFactory;
import io.vfmigrate.cli.Wiring;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.model.ExecLine;
import io.vfmigrate.model.Printable;
import io.vfmigrate.model.RunRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rolling", mixinStandardHelpOptions = true,
        description = {"Rolling maintenance: one host at a time, in the order given, `maintenance enter` (disable and evacuate it), the hook",
                "run on the host through its inventory shell, the health gate (libvirtd answers, each network has as many VFs as before the",
                "hook, then --health exits 0, asked every 10 s until --health-timeout), then `maintenance exit` (enable it, its VMs move",
                "back); then the next host. A host whose evacuation, hook or health gate fails stays in maintenance with its VMs away; the",
                "rolling stops once more than --max-failed-hosts failed (exit 1, naming them). Journaled as one record (o...: `show`,",
                "`runs`); `resume ROLL` goes on where it stopped (a hook that was running when its coordinator died runs again only with",
                "--hook-idempotent, else its host is left in maintenance and named). A first SIGINT/SIGTERM lets the moves in flight",
                "finish and stops at the next phase, the rolling left open. --hook and --health: one command line split as systemd splits",
                "ExecStart= (words, quotes, backslash escapes; no shell, no variables). --dry-run: each host's evacuation plan and commands."})
public final class RollingCommand implements Callable<Integer> {
    static final String FIRST_SIGNAL = "stopping (no new move starts; the moves in flight finish; the rolling stops at the next phase, "
            + "its host left where it is, and is left open for `vfmigrate resume`)";

    private final Wiring wiring;

    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Mixin RollingOptions rolling;

    @Mixin EvacuationOptions evacuation;

    @Option(names = "--dry-run", description = "Print each host's evacuation plan and the commands it will run, change nothing.")
    boolean dryRun;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat output;

    @Option(names = "--policy", paramLabel = "KEY=VALUE", description = "Migration policy value for every VM's run, as for migrate (repeatable).")
    Map<String, String> policy;

    public RollingCommand(Wiring wiring) { this.wiring = wiring; }

    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        rolling.check();
        var policyLayers = PolicyOption.layers(policy);
        GlobalOptions options = spec.parent() != null ? global.orParent(spec) : global;
        Services s = ServicesFactory.open(wiring, options, err);
        RollingRequest request = rolling.request(s.inventory(), evacuation);
        RollingMaintenance maintenance = new RollingMaintenance(s);
        if (dryRun) {
            return dryRun(out, request, maintenance.dryRun(request,
                    EvacuationSession.forDryRun(wiring, s)));
        }
        return session(wiring, options, out, err, output, s, request, policyLayers,
                (evac, l) -> maintenance.run(request, evac, l));
    }

    /** `resume ROLL`: goes on with a rolling left open, printed as `rolling` prints. */
    public static int resume(Wiring wiring, GlobalOptions options, PrintWriter out, PrintWriter err, OutputFormat format, Services s, RunRecord r) {
        RollingRequest request = RollingRequest.of(r.params());
        return session(wiring, options, out, err, format, s, request, List.of(),
                (evac, l) -> new RollingMaintenance(s).resume(r.id(), evac, l));
    }

    private interface Drive {
        RollingResult apply(Evacuations.Evacuation evacuation, RollingMaintenance.Listeners listeners);
    }

    private static int session(Wiring wiring, GlobalOptions options, PrintWriter out, PrintWriter err, OutputFormat format, Services s,
                               RollingRequest request, List<PolicyLayers.Layer> policy, Drive drive) {
        return EvacuationSession.run(wiring, options, out, err, format, s, request.hosts().get(0), request.evacuation().parallel(), policy,
                FIRST_SIGNAL, (evac, progress, o, stop) -> drive.apply(evac, new RollingMaintenance.Listeners(progress,
                        new MaintenancePhases(o, options.quiet), new RollingPhases(o, options.quiet), stop)),
                (o, r, breakers) -> print(o, r, breakers));
    }

    private static int print(EvacuationOutput o, RollingResult r, Set<String> breakers) {
        if (o.json().isPresent()) {
            Map<String, Object> json = RollingPhases.outcome(r);
            json.put("open-breakers", breakers);
            o.json().get().host(null);
            o.json().get().outcome(json);
            return r.exitCode();
        }
        PrintWriter text = o.text();
        RollingPhases.table(text, r);
        if (!breakers.isEmpty()) text.println("breakers opened for: " + String.join(", ", breakers));
        text.println("rolling " + r.rollingId() + ": `vfmigrate show " + r.rollingId() + "` lists each host's phases");
        if (r.leftOpen()) text.println("rolling " + r.rollingId() + " is left open: `vfmigrate resume " + r.rollingId() + "` goes on where it stopped");
        else if (!r.failed().isEmpty()) {
            text.println("failed: " + String.join(", ", r.failed()) + " (in maintenance, VMs away: `vfmigrate maintenance exit HOST` once repaired)");
        }
        text.flush();
        return r.exitCode();
    }

    private int dryRun(PrintWriter out, RollingRequest request, List<RollingMaintenance.HostPlan> plans) {
        int exit = plans.stream().mapToInt(p -> p.evacuation().exitCode()).max().orElse(ExitCode.DONE);
        if (output == OutputFormat.json) {
            List<Map<String, Object>> hostsJson = new ArrayList<>();
            for (RollingMaintenance.HostPlan p : plans) {
                Map<String, Object> j = new LinkedHashMap<>(EvacuationPrinter.json(p.host(), p.evacuation().plan().orElse(null), p.evacuation().exitCode()));
                p.evacuation().refusal().ifPresent(why -> j.put("refusal", why));
                j.put("hook", request.hookArgv());
                j.put("health", request.healthArgv().orElse(null));
                hostsJson.add(j);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("hosts", hostsJson);
            json.put("exit-code", exit);
            JsonOutput.print(out, json);
        } else {
            for (int i = 0; i < plans.size(); i++) {
                RollingMaintenance.HostPlan p = plans.get(i);
                out.println("host " + p.host() + " (" + (i + 1) + "/" + plans.size() + "): maintenance enter " + p.host());
                p.evacuation().plan().ifPresent(plan -> EvacuationPrinter.text(out, plan));
                p.evacuation().refusal().ifPresent(why -> out.println("refused: " + Printable.line(why)));
                out.println("  hook on " + p.host() + ": " + Printable.line(ExecLine.join(request.hookArgv())) + " (timeout " + io.vfmigrate.model.Durations.format(request.hookTimeout()) + ")");
                out.println("  health gate: libvirtd answers, each network's VFs as before the hook"
                        + request.healthArgv().map(a -> ", then " + Printable.line(ExecLine.join(a)) + " exits 0").orElse(""));
                out.println("  then: maintenance exit " + p.host() + " (its VMs move back)");
            }
            out.println("dry run: nothing was changed");
        }
        out.flush();
        return exit;
    }
}
