package io.vfmigrate.app;

import java.time.Duration;

/** A host's line in the rolling's table: VMs out, the hook's result, VMs back, how long, and what came of it. */
public record RollingHostRow(String host, int vmsOut, String hook, int vmsReturned, Duration took, Result result, String detail) {
    public enum Result {
        RETURNED("returned"), FAILED("failed"), STOPPED("stopped"), NOT_STARTED("not-started");

        private final String label;

        Result(String label) { this.label = label; }

        public String label() { return label; }
    }
}
