package io.vfmigrate.app;

import java.time.Duration;
import java.util.Optional;

/**
 * How one VM's part of an evacuation ended: where it went (if it did), with which workflow, the last
 * run's id and exit code, how many runs it took, and a one-line result.
 */
public record VmMoveOutcome(String vm, Optional<String> destination, String workflow, Result result, String detail,
                            Optional<String> runId, int exitCode, int tries, Duration took) {
    public enum Result {
        MOVED, STAYED, NEEDS_OPERATOR;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
    }
}
