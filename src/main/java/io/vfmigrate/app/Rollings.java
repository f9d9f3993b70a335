package io.vfmigrate.app;

import io.vfmigrate.workflow.StopRequest;
import java.util.Map;

/** Starts or resumes a rolling maintenance, for the use cases that run one as a part (schedules), as {@link Evacuations} does evacuations. */
public interface Rollings {
    /**
     * {@code evacuation}: each host's evacuation and moves back; {@code progress}: the rolling's phases; {@code stop}: heard
     * between phases (the host left where it is, the rolling open); {@code nextHost}: asked before each host not started yet
     * (a window's end: the rolling ends, the hosts left named; a gate closed with {@code leaveOpen}: it stays open for resume).
     * The host in progress always finishes its phases, whatever {@code nextHost} says.
     */
    record Controls(Evacuations.Evacuation evacuation, RollingProgress progress, StopRequest stop, MoveGate nextHost) {}

    /** {@code marks}: params that the rolling's record keeps besides the request's (the schedule run that started it). */
    RollingResult run(RollingRequest request, Map<String, String> marks, Controls controls);

    RollingResult resume(String rollingId, Controls controls);
}
