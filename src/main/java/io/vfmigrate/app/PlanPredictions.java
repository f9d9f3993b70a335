package io.vfmigrate.app;

import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.planning.ConvergenceCheck;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.planning.Placement;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.steps.Migrate;
import io.vfmigrate.workflow.steps.StepTypes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The convergence prediction of each live move of a plan (an evacuation's, or a maintenance's moves back): every VM's
 * dirty rate measured at once on the host it runs on, each predicted under the policy its move will have (the
 * inventory's defaults, its destination's, its workflow's and the command line's); the plan then puts the VMs expected
 * not to converge last.
 */
public final class PlanPredictions {
    private PlanPredictions() {}

    public static EvacuationPlan apply(Services s, EvacuationPlan plan, List<PolicyLayers.Layer> commandLine, int parallel, int maxPerDestination) {
        List<Placement> live = plan.moves().stream().map(EvacuationPlan.Move::placement).filter(p -> !p.offline()).toList();
        if (live.isEmpty()) return plan;
        Map<String, Optional<Migrate>> migrations = new HashMap<>();
        Map<Placement, ConvergenceCheck> started = new LinkedHashMap<>();
        for (Placement p : live) {
            Host source = s.connector().connect(s.inventory().host(p.source()));   // the connector keeps one per host
            migrations.computeIfAbsent(p.workflow(), w -> migration(s, w))
                    .map(m -> ConvergenceCheck.Settings.of(m.policy(s.inventory().migrationLayers(s.inventory().host(p.destination())), commandLine)))
                    .ifPresent(c -> started.put(p, ConvergenceCheck.start(source, p.vm(), c, s.poll())));
        }
        Map<String, EvacuationPlan.Convergence> byVm = new LinkedHashMap<>();
        started.forEach((p, check) -> {
            ConvergenceCheck.Outcome o = check.outcome(p.memoryKiB() * 1024);
            byVm.put(p.vm(), new EvacuationPlan.Convergence(o.expectedNotToConverge(), o.check().detail()));
        });
        return plan.withConvergence(byVm, parallel, maxPerDestination);
    }

    /** The workflow's live migration step; none when it has none (loaded once per workflow of the plan). */
    private static Optional<Migrate> migration(Services s, String workflow) {
        return StepTypes.build(s.workflows().load(workflow).steps()).stream().filter(Migrate.class::isInstance).map(Migrate.class::cast).findFirst();
    }
}
