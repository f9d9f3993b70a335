package io.vfmigrate.app;

import io.vfmigrate.workflow.StopRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Asked by an evacuation before each new VM move: whether one may start. Runs already started go on
 * (the operator's stop stops them as it stops `migrate`); a VM whose run did not move it is not placed
 * again once the gate is closed. A window's end closes it for good (the evacuation ends, naming the
 * VMs left); a stopping {@code serve} or the operator's stop (a first signal) closes it with
 * {@code leaveOpen}: the evacuation stays journaled, open, for `resume`.
 */
public interface MoveGate {
    Optional<Closed> closed();

    record Closed(String reason, boolean leaveOpen) {}

    MoveGate OPEN = Optional::empty;

    /** Closed from {@code end} on (a maintenance window). */
    static MoveGate until(Instant end, Clock clock) {
        return () -> clock.instant().isBefore(end) ? Optional.empty()
                : Optional.of(new Closed("the window closed at " + end, false));
    }

    /** Closed while {@code stopping} says so, leaving the evacuation open. */
    static MoveGate unless(BooleanSupplier stopping, String why) {
        return () -> stopping.getAsBoolean() ? Optional.of(new Closed(why, true)) : Optional.empty();
    }

    /** Closed once {@code stop} was asked ("stopped by SIGTERM"), leaving the evacuation open. */
    static MoveGate stopped(StopRequest stop) {
        return () -> stop.getAsBoolean() ? Optional.of(new Closed("stopped by " + stop.by(), true)) : Optional.empty();
    }

    /** The first of the two that is closed. */
    default MoveGate and(MoveGate other) {
        return () -> { Optional<Closed> c = closed(); return c.isPresent() ? c : other.closed(); };
    }
}
