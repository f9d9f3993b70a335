package io.vfmigrate.ports;

import java.time.Duration;
import java.util.List;

/** Runs an argument vector on one host (locally, over ssh, or inside a lab namespace). */
public interface HostShell {
    String host();

    /**
     * Runs to completion; a timeout, a failure to start or a host the shell cannot reach (ssh refused:
     * {@code HostUnreachable}) throws, a non-zero exit is a result.
     */
    ExecResult run(List<String> argv, Duration timeout);
}
