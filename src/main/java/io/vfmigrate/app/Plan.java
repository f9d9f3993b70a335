package io.vfmigrate.app;

import io.vfmigrate.planning.Check;
import io.vfmigrate.workflow.StepPlan;
import java.util.List;

/** What a migration will do: the dry-run output, and the preflight of a refused run. */
public record Plan(String vm, String source, String destination, String workflow, List<Check> preflight, List<StepPlan> steps) {
    public Plan {
        preflight = List.copyOf(preflight);
        steps = List.copyOf(steps);
    }

    public boolean preflightPassed() { return preflight.stream().allMatch(Check::ok); }
}
