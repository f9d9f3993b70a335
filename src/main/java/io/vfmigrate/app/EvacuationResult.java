package io.vfmigrate.app;

import io.vfmigrate.planning.EvacuationPlan;
import java.util.List;
import java.util.Optional;

/** What came of an evacuation; {@code leftOpen}: stopped by a gate that leaves it journaled, open, for `resume`. */
public record EvacuationResult(Optional<EvacuationPlan> plan, List<VmMoveOutcome> outcomes, int exitCode, Optional<String> refusal,
                               Optional<String> evacuationId, boolean leftOpen) {
    public EvacuationResult(Optional<EvacuationPlan> plan, List<VmMoveOutcome> outcomes, int exitCode, Optional<String> refusal) {
        this(plan, outcomes, exitCode, refusal, Optional.empty(), false);
    }
}
