package io.vfmigrate.cli.maintenance;

import io.vfmigrate.app.RollingHostRow;
import io.vfmigrate.app.RollingProgress;
import io.vfmigrate.app.RollingResult;
import io.vfmigrate.cli.EvacuationOutput;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.ExecLine;
import io.vfmigrate.model.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rolling's own phases in the evacuation's output: a text line each (the hook's output lines escaped, none with
 * --quiet), or a JSON event each (`rolling-started`, `host-started`, `hook-started`, `hook-ended`, `health-passed`,
 * `host-returned`, `host-failed`) in the evacuation's form; and the final table.
 */
final class RollingPhases implements RollingProgress {
    /** At most this many of the hook's output lines are printed (its last ones). */
    static final int HOOK_LINES = 20;

    private final EvacuationOutput output;
    private final boolean quiet;
    private volatile String rollingId;

    RollingPhases(EvacuationOutput output, boolean quiet) {
        this.output = output;
        this.quiet = quiet;
    }

    @Override public void started(String id, List<String> hosts, boolean resumed) {
        rollingId = id;
        tell("rolling-started", Map.of("hosts", hosts, "resumed", resumed), "rolling " + id + (resumed ? " resumed: " : " started: ")
                + String.join(", ", hosts));
    }

    @Override public void hostStarted(String host, int index, int total, boolean resumed) {
        output.json().ifPresent(j -> j.host(host));
        tell("host-started", Map.of("index", index, "of", total, "resumed", resumed), "host " + host + " (" + index + "/" + total + ")"
                + (resumed ? ": goes on where it stopped" : ": maintenance enter"));
    }

    @Override public void hookStarted(String host, List<String> argv) {
        tell("hook-started", Map.of("argv", argv), host + ": hook started: " + ExecLine.join(argv));
    }

    @Override public void hookEnded(String host, int exitCode, Duration took, String hookOutput) {
        List<String> lines = hookOutput.lines().toList();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("exit-code", exitCode);
        fields.put("duration-ms", took.toMillis());
        fields.put("output", lines.subList(Math.max(0, lines.size() - HOOK_LINES), lines.size()).stream().map(Printable::line).toList());
        StringBuilder text = new StringBuilder();
        lines.subList(Math.max(0, lines.size() - HOOK_LINES), lines.size()).forEach(l -> text.append(host).append(": hook| ").append(Printable.line(l)).append('\n'));
        text.append(host).append(exitCode < 0 ? ": hook did not end" : ": hook exited with " + exitCode).append(" after ").append(Durations.format(took));
        tell("hook-ended", fields, text.toString());
    }

    @Override public void healthPassed(String host, Duration took) {
        tell("health-passed", Map.of("duration-ms", took.toMillis()), host + ": health gate passed after " + Durations.format(took));
    }

    @Override public void hostReturned(RollingHostRow row) {
        tell("host-returned", row(row), row.host() + ": back, " + row.vmsReturned() + " of " + row.vmsOut() + " VM(s) returned (" + row.detail() + ")");
    }

    @Override public void hostFailed(RollingHostRow row) {
        tell("host-failed", row(row), row.host() + ": failed: " + row.detail());
    }

    static Map<String, Object> row(RollingHostRow r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("host", r.host());
        j.put("vms-out", r.vmsOut());
        j.put("hook", r.hook());
        j.put("vms-returned", r.vmsReturned());
        j.put("duration-ms", r.took().toMillis());
        j.put("result", r.result().label());
        j.put("detail", r.detail());
        return j;
    }

    /** HOST, VMS OUT, HOOK, VMS BACK, DURATION, RESULT, DETAIL. */
    static void table(PrintWriter out, RollingResult o) {
        out.printf("%-14s %-7s %-18s %-8s %-9s %-12s %s%n", "HOST", "VMS-OUT", "HOOK", "VMS-BACK", "DURATION", "RESULT", "DETAIL");
        for (RollingHostRow r : o.rows()) {
            out.printf("%-14s %-7d %-18s %-8d %-9s %-12s %s%n", Printable.clean(r.host()), r.vmsOut(), Printable.clean(r.hook()), r.vmsReturned(),
                    Durations.format(r.took()), r.result().label(), Printable.clean(r.detail()));
        }
    }

    static Map<String, Object> outcome(RollingResult o) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("rolling", o.rollingId());
        List<Map<String, Object>> rows = new ArrayList<>();
        o.rows().forEach(r -> rows.add(row(r)));
        j.put("hosts", rows);
        j.put("failed", o.failed());
        j.put("left-open", o.leftOpen());
        j.put("exit-code", o.exitCode());
        return j;
    }

    private void tell(String type, Map<String, Object> fields, String text) {
        if (output.json().isPresent()) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("rolling", rollingId);
            event.putAll(fields);
            output.json().get().line(type, event);
            return;
        }
        if (quiet) return;
        text.lines().forEach(l -> output.text().println(Printable.line(l)));
        output.text().flush();
    }
}
