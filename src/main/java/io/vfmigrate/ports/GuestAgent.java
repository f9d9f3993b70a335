package io.vfmigrate.ports;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The qemu-guest-agent of a VM running on one host. Guest commands are argument vectors; output is
 * bounded; what comes back is untrusted and validated by the caller.
 */
public interface GuestAgent {
    /** The most bytes of a guest command's output (each of stdout, stderr) that come back; the rest is dropped and flagged. */
    int OUTPUT_LIMIT_BYTES = 64 * 1024;

    void ping(String vm, Duration timeout);

    /** Names of the agent commands the guest's policy enables. */
    Set<String> enabledCommands(String vm);

    GuestExecResult exec(String vm, List<String> argv, Duration timeout);
}
