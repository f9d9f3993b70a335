package io.vfmigrate.workflow;

import java.util.List;

/**
 * Checks, from the real hosts, the end state a run promises before it may report success: fixes
 * forward what can be fixed (a paused copy resumed, a stale copy removed) and returns what is still
 * wrong (empty when the run is done).
 */
public interface EndStateCheck {
    EndStateCheck NONE = (ctx, steps) -> List.of();

    List<String> problems(RunContext ctx, List<Step> steps);
}
