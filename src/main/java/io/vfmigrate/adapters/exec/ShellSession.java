package io.vfmigrate.adapters.exec;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One POSIX {@code sh} on a host, started through a prefix (ssh: {@code ssh ... HOST sh}), that runs commands sent
 * one at a time on its stdin, each in a subshell with stdin from /dev/null, its stdout and stderr into two files of the session,
 * then a header line (a token only this session knows, the exit, the two sizes) and both files' bytes. Over ssh
 * every command otherwise opens a session of its own on the host (about 110 ms each on the lab, which a fleet's
 * sshd with PAM costs too); through this one it costs a round trip. A command that outlives its timeout ends the
 * session (its process is killed, as a one-shot ssh would be), and so does a session that died: the caller opens a
 * new one for the next command.
 */
final class ShellSession implements AutoCloseable {
    /** Timeouts of commands, and the sweep of idle sessions ({@link ShellSessions}). */
    static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shell-session-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What ssh or the shell wrote on stderr, kept for the failure (ssh's own errors go there). */
    private static final int STDERR_LIMIT = 8192;

    private final String host;
    private final Process process;
    private final OutputStream in;
    private final InputStream out;
    private final BoundedOutput stderr = new BoundedOutput(STDERR_LIMIT);
    private final String token;
    private final Pattern header;
    private final int outputLimit;
    private final AtomicBoolean broken = new AtomicBoolean();
    /** Set by the watchdog before it kills the session: the command's end is then its timeout, however the read ended. */
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private final Thread drain;
    private volatile long lastUsedNanos = System.nanoTime();

    private ShellSession(String host, Process process, int outputLimit) {
        this.host = host;
        this.process = process;
        this.in = process.getOutputStream();
        this.out = process.getInputStream();
        this.outputLimit = outputLimit;
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        this.token = "vfm-" + HexFormat.of().formatHex(random);
        this.header = Pattern.compile(Pattern.quote(token) + " (\\d+) (\\d+) (\\d+)");
        this.drain = new Thread(() -> {
            try (InputStream err = process.getErrorStream()) {
                err.transferTo(stderr);
            } catch (IOException e) {
                // the process ended
            }
        }, "shell-session-stderr-" + host);
        drain.setDaemon(true);
        drain.start();
        try {
            send("o=$(mktemp) && e=$(mktemp) || exit 1; trap 'rm -f \"$o\" \"$e\"' EXIT; trap 'exit 1' HUP INT TERM\n");
        } catch (IOException e) {
            broken.set(true); // it ended at once (ssh did not get through): the first command reports why
        }
    }

    /** The command that starts a session: {@code launcher} followed by {@code sh}. */
    static List<String> argv(List<String> launcher) {
        List<String> argv = new java.util.ArrayList<>(launcher);
        argv.add("sh");
        return List.copyOf(argv);
    }

    /** A session on {@code host}, started by {@code launcher} followed by {@code sh}. */
    static ShellSession open(String host, List<String> launcher, int outputLimit) {
        List<String> argv = argv(launcher);
        try {
            return new ShellSession(host, new ProcessBuilder(argv).start(), outputLimit);
        } catch (IOException e) {
            throw new FailureException(new Failure.HostCommandFailed(host, String.join(" ", argv), -1, String.valueOf(e.getMessage())), e);
        }
    }

    /** Alive, not broken by a timeout or a lost stream, and used within {@code maxIdle}. */
    boolean usable(Duration maxIdle) {
        return !broken.get() && process.isAlive() && System.nanoTime() - lastUsedNanos < maxIdle.toNanos();
    }

    /**
     * Runs the command; a timeout throws {@code Timeout} and ends the session. A session that ends before the command's
     * result throws {@link Lost}, with the exit and what ssh or the shell said.
     */
    ExecResult run(String line, String command, Duration timeout) {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(this::kill, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            // a subshell: a command that is a builtin of the shell (cd, exit, exec, export, umask) changes nothing of the session
            send("( " + line + "\n) </dev/null >\"$o\" 2>\"$e\"; r=$?; printf '%s %d %d %d\\n' " + token
                    + " \"$r\" \"$(wc -c <\"$o\")\" \"$(wc -c <\"$e\")\"; cat \"$o\" \"$e\"\n");
            Matcher m = readHeader();
            BoundedOutput stdout = new BoundedOutput(outputLimit);
            BoundedOutput commandErr = new BoundedOutput(outputLimit);
            copy(Long.parseLong(m.group(2)), stdout);
            copy(Long.parseLong(m.group(3)), commandErr);
            lastUsedNanos = System.nanoTime();
            return new ExecResult(Integer.parseInt(m.group(1)), stdout.text(), commandErr.text());
        } catch (IOException | Lost e) {
            broken.set(true);
            if (timedOut.get()) {
                throw new FailureException(new Failure.Timeout("host command `" + command + "` on " + host, timeout));
            }
            throw e instanceof Lost lost ? lost : lost();
        } finally {
            watchdog.cancel(false);
        }
    }

    /**
     * The command's header line. Lines before it that are not one (a login script that prints) are skipped: only the
     * session knows its token.
     */
    private Matcher readHeader() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = out.read()) >= 0; ) {
            if (b != '\n') {
                if (line.size() < 1024) line.write(b);
                continue;
            }
            Matcher m = header.matcher(line.toString(StandardCharsets.UTF_8));
            if (m.matches()) return m;
            line.reset();
        }
        throw lost();
    }

    private void copy(long bytes, OutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        while (bytes > 0) {
            int n = out.read(buffer, 0, (int) Math.min(buffer.length, bytes));
            if (n < 0) throw lost();
            to.write(buffer, 0, n);
            bytes -= n;
        }
    }

    private void send(String text) throws IOException {
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The session ended under a command: its exit (ssh's 255 when the host was not reached) and what was said on stderr. */
    private Lost lost() {
        broken.set(true);
        int exit;
        try {
            exit = process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
            drain.join(1000); // what it said, to its end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        return new Lost(exit, stderr.text());
    }

    private void kill() {
        // before the kill: the reader sees the end of the stream at once, maybe before this task counts as done
        timedOut.set(true);
        broken.set(true);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        broken.set(true);
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The session's process ended before a command's result came. */
    static final class Lost extends RuntimeException {
        private final int exit;
        private final String stderr;

        Lost(int exit, String stderr) {
            super("the shell session ended (exit " + exit + "): " + stderr.strip());
            this.exit = exit;
            this.stderr = stderr;
        }

        int exit() { return exit; }

        String stderr() { return stderr; }
    }
}
