package io.vfmigrate.app;

import io.vfmigrate.model.RunRecord;

/**
 * Parent records in the journal: an evacuation is a run of kind {@code evacuation} on the pseudo-VM
 * {@code evacuate:HOST}, whose lease makes one evacuation per host at a time; the moves back of a maintenance are one
 * on {@code return:HOST}. How the other use cases
 * tell such a record from a VM's run.
 */
public final class ParentRuns {
    public static final String EVACUATION = "evacuation";

    private ParentRuns() {}

    /** A move back into a host at the end of a maintenance is an evacuation's record too, with the maintenance's id. */
    public static final String MAINTENANCE = "maintenance";

    public static boolean isEvacuation(RunRecord r) { return EVACUATION.equals(r.params().get("kind")); }

    /** The moves back of a maintenance ({@code return:HOST}): resumed through the maintenance, which knows what to move. */
    public static boolean isReturn(RunRecord r) { return isEvacuation(r) && r.params().containsKey(MAINTENANCE); }

    /** The pseudo-VM whose lease the moves back into {@code host} hold. */
    public static String returnOf(String host) { return "return:" + host; }

    /** The pseudo-VM whose lease an evacuation of {@code host} holds. */
    public static String evacuationOf(String host) { return "evacuate:" + host; }
}
