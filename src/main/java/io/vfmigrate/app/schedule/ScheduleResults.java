package io.vfmigrate.app.schedule;

import io.vfmigrate.app.EvacuationResult;
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
}
