package io.vfmigrate.app;

import io.vfmigrate.model.RunRecord;

/**
 * Parent records in the journal: an evacuation is a run of kind {@code evacuation} on the pseudo-VM
 * {@code evacuate:HOST}, whose lease makes one evacuation per host at a time. How the other use cases
 * tell such a record from a VM's run.
 */
public final class ParentRuns {
    public static final String EVACUATION = "evacuation";

    private ParentRuns() {}

    public static boolean isEvacuation(RunRecord r) { return EVACUATION.equals(r.params().get("kind")); }

    /** The pseudo-VM whose lease an evacuation of {@code host} holds. */
    public static String evacuationOf(String host) { return "evacuate:" + host; }
}
