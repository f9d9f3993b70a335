package io.vfmigrate.app.schedule;

import io.vfmigrate.app.EvacuationResult;
import io.vfmigrate.app.RollingHostRow;
import io.vfmigrate.app.RollingResult;
import io.vfmigrate.app.VmMoveOutcome;
import java.util.List;

/** A scheduled run's result in one line, as `schedule list` shows it. */
public final class ScheduleResults {
    private ScheduleResults() {}

    public static String describe(EvacuationResult r) {
        if (r.refusal().isPresent()) return "refused (exit " + r.exitCode() + "): " + r.refusal().get();
        long moved = r.outcomes().stream().filter(o -> o.result() == VmMoveOutcome.Result.MOVED).count();
        List<String> window = r.outcomes().stream().filter(o -> o.detail().contains("the window closed")).map(VmMoveOutcome::vm).toList();
        List<String> other = r.outcomes().stream().filter(o -> o.result() != VmMoveOutcome.Result.MOVED && !window.contains(o.vm()))
                .map(VmMoveOutcome::vm).toList();
        return "exit " + r.exitCode() + ": " + moved + " moved"
                + (window.isEmpty() ? "" : "; left on the host because the window closed: " + String.join(", ", window))
                + (other.isEmpty() ? "" : "; not moved: " + String.join(", ", other));
    }

    /** e.g. {@code exit 1: 1 host(s) back; not started because the window closed: host-c}. */
    public static String describe(RollingResult r) {
        List<RollingHostRow> notStarted = r.rows().stream().filter(h -> h.result() == RollingHostRow.Result.NOT_STARTED).toList();
        List<String> window = notStarted.stream().filter(h -> h.detail().contains("the window closed")).map(RollingHostRow::host).toList();
        List<String> other = notStarted.stream().map(RollingHostRow::host).filter(h -> !window.contains(h)).toList();
        return "exit " + r.exitCode() + ": " + r.hosts(RollingHostRow.Result.RETURNED).size() + " host(s) back"
                + (r.failed().isEmpty() ? "" : "; failed, in maintenance: " + String.join(", ", r.failed()))
                + (window.isEmpty() ? "" : "; not started because the window closed: " + String.join(", ", window))
                + (other.isEmpty() ? "" : "; not started: " + String.join(", ", other));
    }
}
