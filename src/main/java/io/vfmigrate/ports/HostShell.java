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

    /**
     * Runs the commands one after the other, stopping at the first that exits non-zero: that one's exit and stderr,
     * with the stdout of every command that ran, in order; else exit 0 and all of it. A shell that reaches its host
     * over the network does it in one call (one round trip instead of one per command); this one runs them one by one.
     */
    default ExecResult runAll(List<List<String>> commands, Duration timeout) {
        if (commands.isEmpty()) throw new IllegalArgumentException("no commands for host " + host());
        StringBuilder out = new StringBuilder();
        ExecResult last = null;
        for (List<String> argv : commands) {
            last = run(argv, timeout);
            if (last.stdout() != null) out.append(last.stdout());
            if (!last.ok()) break;
        }
        return new ExecResult(last.exitCode(), out.toString(), last.stderr());
    }
}
