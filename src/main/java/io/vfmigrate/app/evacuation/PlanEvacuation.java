package io.vfmigrate.app.evacuation;

import io.vfmigrate.app.EvacuationRequestSpec;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.FleetSurvey;
import io.vfmigrate.app.PlanPredictions;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.PlacementRules;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.planning.EvacuationRequest;
import io.vfmigrate.planning.FleetSnapshot;
import io.vfmigrate.planning.HostView;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The evacuation plan, before anything moves: checks the request, takes the fleet snapshot, places
 * every VM of the host and orders the moves in waves. Changes nothing.
 */
public final class PlanEvacuation {
    private final Services services;
    private final List<PolicyLayers.Layer> commandLine;

    /** {@code commandLine}: the migration policy given on the command line (the moves' predictions take it). */
    public PlanEvacuation(Services services, List<PolicyLayers.Layer> commandLine) {
        this.services = services;
        this.commandLine = List.copyOf(commandLine);
    }

    /** The plan and its exit code: 2 when a VM is unplaceable (unless skipped) or the host does not answer. */
    public record Result(Optional<EvacuationPlan> plan, int exitCode, Optional<String> refusal,
                         Optional<FleetSnapshot> snapshot, Optional<EvacuationRequest> request) {}

    public Result plan(EvacuationRequestSpec spec) {
        services.inventory().host(spec.host());
        for (String to : spec.to()) {
            services.inventory().host(to);
            if (to.equals(spec.host())) throw new ConfigException("--to " + to + ": that is the host being evacuated");
        }
        if (spec.parallel() < 1) throw new ConfigException("--parallel: at least 1, not " + spec.parallel());
        if (spec.maxPerDestination() < 1) throw new ConfigException("--max-per-destination: at least 1, not " + spec.maxPerDestination());
        services.workflows().load(spec.workflow()); // an unknown workflow is refused before any host is asked
        FleetSnapshot snapshot = new FleetSurvey(services).all();
        HostView source = snapshot.host(spec.host()).orElseThrow();
        if (!source.reachable()) {
            return new Result(Optional.empty(), ExitCode.REFUSED, Optional.of("host " + spec.host() + " does not answer: "
                    + source.unreachable().get() + "; nothing was changed"), Optional.of(snapshot), Optional.empty());
        }
        EvacuationRequest request = request(spec);
        EvacuationPlan plan = PlanPredictions.apply(services, EvacuationPlan.of(snapshot, request, spec.parallel(), spec.maxPerDestination()),
                commandLine, spec.parallel(), spec.maxPerDestination());
        boolean refused = !plan.unplaceable().isEmpty() && !spec.skipUnplaceable();
        return new Result(Optional.of(plan), refused ? ExitCode.REFUSED : ExitCode.DONE,
                refused ? Optional.of(plan.unplaceable().size() + " VM(s) cannot be placed (--skip-unplaceable leaves them); nothing was changed")
                        : Optional.empty(), Optional.of(snapshot), Optional.of(request));
    }

    EvacuationRequest request(EvacuationRequestSpec spec) {
        PlacementRules rules = services.inventory().placementRules();
        List<Set<String>> groups = rules.antiAffinity();
        return new EvacuationRequest(spec.host(), Set.of(), spec.to(), Set.of(), groups, rules.memoryOvercommit(),
                rules.vcpuOvercommit(), spec.allowOutage(), spec.workflow());
    }
}
