package io.vfmigrate.app;

import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;

/**
 * Parent records in the journal: an evacuation is a run of kind {@code evacuation} on the pseudo-VM
 * {@code evacuate:HOST}, whose lease makes one evacuation per host at a time; the moves back of a maintenance are one
 * on {@code return:HOST}; a rolling maintenance is one of kind {@code rolling} on {@code rolling:fleet} (one at a time). How the other use cases
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

    public static final String ROLLING = "rolling";

    /** The pseudo-VM whose lease a rolling maintenance holds: one rolling at a time across the fleet. */
    public static final String ROLLING_VM = "rolling:fleet";

    public static boolean isRolling(RunRecord r) { return ROLLING.equals(r.params().get("kind")); }

    /** A parent record of any kind: an evacuation, a maintenance's moves back, a rolling maintenance. */
    public static boolean isParent(RunRecord r) { return isEvacuation(r) || isRolling(r); }

    /** Ends a parent record by its exit code: 0 SUCCEEDED, 3 NEEDS_OPERATOR, else (1, 2) COMPENSATED. */
    public static void end(Journal journal, String id, int exitCode) {
        if (exitCode == ExitCode.DONE) journal.updateState(id, RunState.SUCCEEDED);
        else if (exitCode == ExitCode.NEEDS_OPERATOR) journal.updateState(id, RunState.NEEDS_OPERATOR);
        else {
            journal.updateState(id, RunState.COMPENSATING);
            journal.updateState(id, RunState.COMPENSATED);
        }
    }

    /** A new parent record's id: the next run id with {@code letter} for its {@code r} (r20261130-... -> e20261130-...), else {@code prefix} before it. */
    public static String newId(Services s, String letter, String prefix) {
        String runId = s.runIds().get();
        return runId.matches("r\\d.*") ? letter + runId.substring(1) : prefix + runId;
    }
}
