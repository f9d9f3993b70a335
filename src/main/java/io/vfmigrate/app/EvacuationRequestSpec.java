package io.vfmigrate.app;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What the operator asked of `evacuate`; kept as string options by an evacuation's record and by a schedule. */
public record EvacuationRequestSpec(String host, Set<String> to, int parallel, int maxPerDestination, String workflow,
                                    boolean skipUnplaceable, boolean allowOutage) {
    /** The most moves out of the host, or into one destination, at once (--parallel, --max-per-destination). */
    public static final int MOST_AT_ONCE = 64;

    public EvacuationRequestSpec { to = Set.copyOf(to); }

    /** The options as a record (and a schedule) keeps them. */
    public Map<String, String> options() {
        return Map.of("host", host, "to", String.join(",", to),
                "parallel", String.valueOf(parallel), "max-per-destination", String.valueOf(maxPerDestination),
                "workflow", workflow, "skip-unplaceable", String.valueOf(skipUnplaceable),
                "allow-outage", String.valueOf(allowOutage));
    }

    /** The request that {@link #options()} kept. */
    public static EvacuationRequestSpec of(Map<String, String> p) {
        Set<String> to = new LinkedHashSet<>();
        for (String t : p.getOrDefault("to", "").split(",")) if (!t.isBlank()) to.add(t);
        return new EvacuationRequestSpec(p.get("host"), to, Integer.parseInt(p.get("parallel")), Integer.parseInt(p.get("max-per-destination")),
                p.get("workflow"), Boolean.parseBoolean(p.get("skip-unplaceable")), Boolean.parseBoolean(p.get("allow-outage")));
    }
}
