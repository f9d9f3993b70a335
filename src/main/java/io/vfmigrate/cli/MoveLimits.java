package io.vfmigrate.cli;

import io.vfmigrate.app.EvacuationRequestSpec;
import picocli.CommandLine.Option;

/** How many VMs move at once, the same for `evacuate`, `schedule add --evacuate` and the moves back of `maintenance exit`. */
public final class MoveLimits {
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "2", description = "Moves at once (out of the host, or back into it; default 2, 1.."
            + EvacuationRequestSpec.MOST_AT_ONCE + ").")
    @Bounds(min = "1", max = "" + EvacuationRequestSpec.MOST_AT_ONCE)
    public int parallel;

    @Option(names = "--max-per-destination", paramLabel = "M", defaultValue = "2", description = "Moves into one destination at once (default 2, 1.."
            + EvacuationRequestSpec.MOST_AT_ONCE + ").")
    @Bounds(min = "1", max = "" + EvacuationRequestSpec.MOST_AT_ONCE)
    public int maxPerDestination;
}
