package io.vfmigrate.adapters.exec;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Keepalive;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.HostShell;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs argument vectors on one host: the inventory's prefix ({@code [ssh, root@host-a]},
 * {@code [/path/lab, exec, host-a, --]}, or nothing to run locally) followed by the command. No shell
 * parses anything here; each argument is passed as is. Through ssh (the prefix's program is {@code ssh})
 * the command goes, as one line whose arguments are each quoted ({@link SshCommand}), to a shell session of
 * the host ({@link ShellSession}: {@code ssh ... HOST sh}, in batch mode), and ssh's own failure (exit 255
 * saying why) throws {@code HostUnreachable}. A timeout kills the local process (ssh, ending its session, or the
 * lab wrapper); what it started remotely may outlive it.
 */
public final class CommonsExecHostShell implements HostShell, AutoCloseable {
    public static final int OUTPUT_LIMIT_BYTES = 1024 * 1024;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CommonsExecHostShell.class);
    /** How long to wait for output still held open by the command's children after it exited. */
    private static final Duration STREAM_DRAIN = Duration.ofSeconds(2);

    private final String host;
    private final List<String> prefix;
    private final boolean ssh;
    private final ShellSessions sessions;

    public CommonsExecHostShell(String host, List<String> prefix) {
        this(host, prefix, Keepalive.DEFAULT);
    }

    /** Commands on {@code host} through {@code prefix}; an ssh prefix keeps its connection alive as {@code keepalive} says. */
    public CommonsExecHostShell(String host, List<String> prefix, Keepalive keepalive) {
        this.host = host;
        this.ssh = SshCommand.isSsh(prefix);
        this.prefix = ssh ? SshCommand.serverAlive(SshCommand.batchMode(prefix), keepalive) : List.copyOf(prefix);
        this.sessions = new ShellSessions(host, this.prefix, OUTPUT_LIMIT_BYTES);
    }

    /** A shell whose commands go through shell sessions started by {@code launcher} (tests: a local one). */
    static CommonsExecHostShell withSessions(String host, List<String> launcher, Duration maxIdle) {
        return new CommonsExecHostShell(host, launcher, maxIdle);
    }

    private CommonsExecHostShell(String host, List<String> launcher, Duration maxIdle) {
        this.host = host;
        this.ssh = true;
        this.prefix = List.copyOf(launcher);
        this.sessions = new ShellSessions(host, this.prefix, OUTPUT_LIMIT_BYTES, maxIdle);
    }

    int idleSessions() { return sessions.idle(); }

    /** Ends the open shell sessions (none unless over ssh). */
    @Override
    public void close() { sessions.close(); }

    @Override public String host() { return host; }

    /**
     * A non-zero exit is a result; a timeout throws {@code Timeout}, a failure to start {@code HostCommandFailed},
     * ssh that did not reach the host {@code HostUnreachable}.
     */
    @Override
    public ExecResult run(List<String> argv, Duration timeout) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty command for host " + host);
        return ssh ? inSession(argv, timeout) : once(argv, timeout);
    }

    /** Over ssh: through an open shell session of this host (one round trip), else a new one. */
    private ExecResult inSession(List<String> argv, Duration timeout) {
        String command = String.join(" ", argv);
        ShellSession session = sessions.take();
        long start = System.nanoTime();
        try {
            ExecResult result = session.run(SshCommand.remoteLine(argv), command, timeout);
            sessions.give(session);
            if (LOG.isDebugEnabled()) LOG.debug("host command `{}` on {}: exit {} after {} ms", command, host, result.exitCode(), (System.nanoTime() - start) / 1_000_000);
            return result;
        } catch (ShellSession.Lost lost) {
            session.close();
            // as a one-shot ssh's exit would be: 255 with ssh's own word on stderr is a host not reached
            ExecResult result = new ExecResult(lost.exit(), "", lost.stderr());
            SshCommand.unreachable(host, result).ifPresent(e -> { throw e; });
            return result;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** One process: the prefix and the command (locally, or into a lab namespace). */
    private ExecResult once(List<String> argv, Duration timeout) {
        String command = String.join(" ", argv);
        BoundedOutput out = new BoundedOutput(OUTPUT_LIMIT_BYTES);
        BoundedOutput err = new BoundedOutput(OUTPUT_LIMIT_BYTES);
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = executor(out, err, watchdog);
        long start = System.nanoTime();
        try {
            int exitCode = executor.execute(commandLine(argv));
            if (watchdog.killedProcess()) throw timedOut(command, timeout);
            if (LOG.isDebugEnabled()) LOG.debug("host command `{}` on {}: exit {} after {} ms", command, host, exitCode, (System.nanoTime() - start) / 1_000_000);
            return new ExecResult(exitCode, out.text(), err.text());
        } catch (IOException e) {
            if (watchdog.killedProcess()) throw timedOut(command, timeout);
            throw new FailureException(new Failure.HostCommandFailed(host, command, -1, String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * One process for all of them: {@code sh -c 'A' && 'B' && ...}, each argument quoted for that shell as for ssh's
     * remote one, so that an argument is never split or expanded; the {@code &&} stops at the first failure with its exit.
     */
    @Override
    public ExecResult runAll(List<List<String>> commands, Duration timeout) {
        if (commands.isEmpty()) throw new IllegalArgumentException("no commands for host " + host);
        if (commands.size() == 1) return run(commands.get(0), timeout);
        return run(List.of("sh", "-c", SshCommand.sequence(commands)), timeout);
    }

    /** The prefix, then the command's arguments as they are (not ssh: those go through a session). */
    List<String> fullCommand(List<String> argv) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(argv);
        return full;
    }

    /** What a shell session of this host runs (over ssh: the prefix, then {@code sh} as the remote command). */
    List<String> sessionArgv() { return ShellSession.argv(prefix); }

    private CommandLine commandLine(List<String> argv) {
        return new VerbatimCommandLine(fullCommand(argv));
    }

    /**
     * Commons Exec trims every argument (its {@code CommandLine.Argument}), so {@code " a"} or {@code "x\n"} would
     * reach the program as {@code "a"} and {@code "x"}: the process is started from the arguments as given instead
     * ({@code toStrings()} is what the launcher passes to {@code Runtime.exec}).
     */
    private static final class VerbatimCommandLine extends CommandLine {
        private final List<String> full;

        VerbatimCommandLine(List<String> full) {
            super(full.get(0));
            this.full = List.copyOf(full);
        }

        @Override public String[] getArguments() { return full.subList(1, full.size()).toArray(String[]::new); }

        @Override public String[] toStrings() { return full.toArray(String[]::new); }
    }

    private static DefaultExecutor executor(BoundedOutput out, BoundedOutput err, ExecuteWatchdog watchdog) {
        PumpStreamHandler streams = new PumpStreamHandler(out, err);
        streams.setStopTimeout(STREAM_DRAIN);
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(streams);
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        return executor;
    }

    private FailureException timedOut(String command, Duration timeout) {
        return new FailureException(new Failure.Timeout("host command `" + command + "` on " + host, timeout));
    }

    @Override public String toString() { return "shell on " + host + (prefix.isEmpty() ? " (local)" : " via " + prefix); }
}
