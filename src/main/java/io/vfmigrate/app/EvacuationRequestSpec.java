package io.vfmigrate.app;

import java.util.Set;

/** What the operator asked of `evacuate`. */
public record EvacuationRequestSpec(String host, Set<String> to, int parallel, int maxPerDestination, String workflow,
                                    boolean skipUnplaceable, boolean allowOutage) {
    public EvacuationRequestSpec { to = Set.copyOf(to); }
}
