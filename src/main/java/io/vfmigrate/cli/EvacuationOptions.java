package io.vfmigrate.cli;

import io.vfmigrate.app.EvacuationRequestSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of an evacuation, the same for `evacuate` now and `schedule add --evacuate` later. */
public final class EvacuationOptions {
    /** Consecutive failed runs towards one destination that open its breaker. */
    public static final int BREAKER_FAILURES = 2;

    @Option(names = "--to", paramLabel = "HOST", description = "Allowed destination (repeatable; default: every other enabled host).")
    List<String> to = new ArrayList<>();

    @Mixin MoveLimits limits;

    @Option(names = "--workflow", paramLabel = "NAME", defaultValue = "bond-macvtap",
            description = "Workflow for VMs whose VFs are in a bond (default bond-macvtap); VMs without VF use plain, outages naive.")
    String workflow;

    @Option(names = "--skip-unplaceable", description = "Leave the VMs that cannot be placed, move the others.")
    boolean skipUnplaceable;

    @Option(names = "--allow-outage", description = "Move VMs whose VF is in no bond with naive: they lose their network during the move.")
    boolean allowOutage;

    public EvacuationRequestSpec request(String host) {
        return new EvacuationRequestSpec(host, new LinkedHashSet<>(to), limits.parallel, limits.maxPerDestination, workflow, skipUnplaceable, allowOutage);
    }
}
