package io.vfmigrate.cli;

import io.vfmigrate.app.EvacuationProgress;
import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.planning.EvacuationPlan;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `evacuate --output json` (and `resume EVAC`): one JSON object per line for every event of the
 * evacuation (docs/evacuation.md, "JSON events"), each with its type, the evacuation id and a timestamp; the runs
 * of its VMs write their own events ({@link JsonEvents}) with the evacuation id added. The outcome
 * line is written by the command, last.
 */
public final class EvacuationJson implements EvacuationProgress {
    private final PrintWriter out;
    private final Clock clock;
    private volatile String host;
    private volatile String evacuationId;

    public EvacuationJson(PrintWriter out, Clock clock, String host) {
        this.out = out;
        this.clock = clock;
        this.host = host;
    }

    private Map<String, Object> event(String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("evacuation", evacuationId);
        m.put("host", host);
        m.put("time", clock.instant().toString());
        return m;
    }

    @Override public void started(String id, EvacuationPlan plan, boolean resumed) {
        evacuationId = id;
        Map<String, Object> m = event("evacuation-started");
        m.put("resumed", resumed);
        Map<String, Object> planJson = EvacuationPrinter.json(host, plan, 0);
        m.put("placements", planJson.get("placements"));
        m.put("unplaceable", planJson.get("unplaceable"));
        JsonEvents.line(out, m);
    }

    /** Told before the evacuation's `evacuation-started` when a resume goes on first with the runs left open. */
    @Override public void resumingRun(String id, String vm, String destination, String runId) {
        evacuationId = id;
        Map<String, Object> m = event("vm-resumed");
        m.put("vm", vm);
        m.put("destination", destination);
        m.put("run", runId);
        JsonEvents.line(out, m);
    }

    @Override public void moveStarted(String vm, String destination, String workflow, int attempt) {
        Map<String, Object> m = event("vm-placed");
        m.put("vm", vm);
        m.put("destination", destination);
        m.put("workflow", workflow);
        m.put("attempt", attempt);
        JsonEvents.line(out, m);
    }

    @Override public void replaced(String vm, String from, String to, String why) {
        Map<String, Object> m = event("vm-replaced");
        m.put("vm", vm);
        m.put("from", from);
        m.put("to", to);
        m.put("reason", why);
        JsonEvents.line(out, m);
    }

    @Override public void breakerOpened(String destination, String why) {
        Map<String, Object> m = event("breaker-opened");
        m.put("destination", destination);
        m.put("reason", why);
        JsonEvents.line(out, m);
    }

    @Override public void waiting(String vm, String destination, String why) {
        Map<String, Object> m = event("vm-waiting");
        m.put("vm", vm);
        m.put("destination", destination);
        m.put("reason", why);
        JsonEvents.line(out, m);
    }

    @Override public void moveEnded(VmMoveOutcome outcome) {
        Map<String, Object> m = event("vm-outcome");
        m.putAll(EvacuationReport.json(List.of(outcome)).get(0));
        JsonEvents.line(out, m);
    }

    /** Each run of a VM writes its events to the same stream, with the evacuation's id and the destination. */
    @Override public RunWatch watch(String vm, String destination) {
        JsonEvents run = new JsonEvents(out, clock, "", vm, Map.of("evacuation", evacuationId, "destination", destination));
        return new RunWatch(run, run);
    }

    /** A command that evacuates host after host (rolling) names the host its next events are of. */
    public void host(String next) {
        host = next;
        evacuationId = null;
    }

    /** The last line: the evacuation's outcome (its plan, each VM's outcome, the open breakers, the exit code). */
    public void outcome(Map<String, Object> fields) { line("outcome", fields); }

    /** An event of the command the evacuation is a part of (a maintenance), in the same form: type, evacuation, host, time, then {@code fields}. */
    public void line(String type, Map<String, Object> fields) {
        Map<String, Object> m = event(type);
        m.putAll(fields);
        JsonEvents.line(out, m);
    }
}
