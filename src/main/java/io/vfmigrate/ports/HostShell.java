package io.vfmigrate.ports;

import java.time.Duration;
import java.util.List;

/** Runs an argument vector on one host (locally, over ssh, or inside a lab namespace). */
public interface HostShell {
    String host();

    /** Runs to completion; a timeout or a failure to start throws, a non-zero exit is a result. */
    ExecResult run(List<String> argv, Duration timeout);
}
