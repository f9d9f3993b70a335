package io.vfmigrate.ports;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Starts a guest command without waiting for it; its pid, for {@link #status}. */
    long start(String vm, List<String> argv, Duration timeout);

    /** The result of a command {@link #start} started, once it exited; empty while it runs. */
    Optional<GuestExecResult> status(String vm, long pid, Duration timeout);

    /**
     * Small guest files (sysfs attributes) read by the agent itself, without starting a guest process: a few ms
     * each where a guest command takes 60-100 ms under TCG. Each path that could be opened maps to its content
     * (at most {@link #FILE_LIMIT_BYTES}); one that could not is left out. Empty when the guest's policy does not
     * enable the agent's file commands: read with a guest command then.
     */
    Optional<Map<String, String>> readFiles(String vm, List<String> paths, Duration timeout);

    /**
     * Writes {@code value} to a guest file (a sysfs attribute) with the agent's own file commands, no guest process;
     * a value the kernel refuses is a {@code GuestCommandFailed} naming the file. False when the guest's policy does
     * not enable them: write with a guest command then.
     */
    boolean writeFile(String vm, String path, String value, Duration timeout);

    /** The most bytes of one file that {@link #readFiles} returns (a sysfs attribute is at most a page). */
    int FILE_LIMIT_BYTES = 4096;

    /**
     * The guest's network interfaces as the agent lists them itself (no guest process), one "NAME MAC" entry each,
     * as sent: untrusted, for noticing that a link appeared or changed, never used in a command. Empty when the
     * guest's policy does not enable guest-network-get-interfaces.
     */
    Optional<List<String>> interfaceList(String vm, Duration timeout);
}
