package io.vfmigrate.app;

import java.time.Duration;
import java.util.List;

/** The phases of a rolling maintenance, per host (its evacuation and moves back are heard by the evacuation's progress). */
public interface RollingProgress {
    /** The rolling is journaled (or taken up again: {@code resumed}). */
    default void started(String rollingId, List<String> hosts, boolean resumed) {}

    /** {@code host} (the {@code index}-th of {@code total}, from 1) starts, or goes on after a resume. */
    default void hostStarted(String host, int index, int total, boolean resumed) {}

    default void hookStarted(String host, List<String> argv) {}

    /** {@code exitCode} -1 when the hook did not run to its end (a timeout, the host unreachable: {@code output} says). */
    default void hookEnded(String host, int exitCode, Duration took, String output) {}

    default void healthPassed(String host, Duration took) {}

    /** The host is back: its maintenance exited and its VMs moved back. */
    default void hostReturned(RollingHostRow row) {}

    /** The host failed (its evacuation, hook or health gate): it stays in maintenance. */
    default void hostFailed(RollingHostRow row) {}

    RollingProgress NONE = new RollingProgress() {};
}
