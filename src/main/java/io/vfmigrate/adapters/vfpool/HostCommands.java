package io.vfmigrate.adapters.vfpool;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.HostShell;
import java.time.Duration;
import java.util.List;

/** Host commands the pools run, where a non-zero exit is a failure. */
final class HostCommands {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private HostCommands() {}

    /** The command's stdout; a non-zero exit throws {@code HostCommandFailed}. */
    static String output(HostShell shell, List<String> argv) {
        return outputUnless(shell, argv, null);
    }

    /**
     * The commands in one call ({@link HostShell#runAll}): their stdout, in order; the first non-zero exit throws
     * {@code HostCommandFailed} naming the sequence, unless its stderr contains {@code tolerated} (an idempotent undo).
     */
    static String outputAll(HostShell shell, List<List<String>> commands, String tolerated) {
        ExecResult result = shell.runAll(commands, TIMEOUT);
        if (!result.ok() && (tolerated == null || !String.valueOf(result.stderr()).contains(tolerated))) {
            String sequence = String.join(" && ", commands.stream().map(argv -> String.join(" ", argv)).toList());
            throw new FailureException(new Failure.HostCommandFailed(shell.host(), sequence, result.exitCode(), result.stderr()));
        }
        return result.stdout() == null ? "" : result.stdout();
    }

    /** As {@link #output}, but a failure whose stderr contains {@code tolerated} counts as done (an idempotent undo). */
    static String outputUnless(HostShell shell, List<String> argv, String tolerated) {
        return outputAll(shell, List.of(argv), tolerated);
    }
}
