package io.vfmigrate.adapters.exec;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The idle shell sessions of one host, each used by one command at a time: a command takes one (or opens one when
 * none is idle: commands run side by side get their own) and gives it back when it got its result. A session idle
 * for longer than {@link #MAX_IDLE} is ended rather than reused, and then ends: a connection that the network or the host's sshd
 * ended meanwhile is then not what the next command finds.
 */
final class ShellSessions implements AutoCloseable {
    static final Duration MAX_IDLE = Duration.ofSeconds(20);
    private static final int MAX_KEPT = 4;

    private final String host;
    private final List<String> launcher;
    private final int outputLimit;
    private final Duration maxIdle;
    private final Deque<ShellSession> idle = new ArrayDeque<>();
    private boolean closed;
    private boolean sweepPending;

    ShellSessions(String host, List<String> launcher, int outputLimit) {
        this(host, launcher, outputLimit, MAX_IDLE);
    }

    ShellSessions(String host, List<String> launcher, int outputLimit, Duration maxIdle) {
        this.maxIdle = maxIdle;
        this.host = host;
        this.launcher = List.copyOf(launcher);
        this.outputLimit = outputLimit;
    }

    ShellSession take() {
        List<ShellSession> stale = new ArrayList<>();
        ShellSession found = null;
        synchronized (this) {
            for (ShellSession s; found == null && (s = idle.pollLast()) != null; ) {
                if (s.usable(maxIdle)) found = s;
                else stale.add(s);
            }
        }
        stale.forEach(ShellSession::close); // outside the lock: closing waits for the process
        return found != null ? found : ShellSession.open(host, launcher, outputLimit);
    }

    void give(ShellSession session) {
        synchronized (this) {
            if (!closed && idle.size() < MAX_KEPT && session.usable(maxIdle)) {
                idle.addLast(session);
                scheduleSweep();
                return;
            }
        }
        session.close();
    }

    /** One sweep pending at a time, while sessions are idle: a long-lived process (serve) keeps none idle for longer. */
    private void scheduleSweep() {
        if (sweepPending || idle.isEmpty()) return;
        sweepPending = true;
        ShellSession.WATCHDOG.schedule(this::sweep, maxIdle.toMillis() + 100, TimeUnit.MILLISECONDS);
    }

    /** Ends the idle sessions that may no longer be used. */
    void sweep() {
        List<ShellSession> stale = new ArrayList<>();
        synchronized (this) {
            sweepPending = false;
            idle.removeIf(s -> {
                if (s.usable(maxIdle)) return false;
                stale.add(s);
                return true;
            });
            if (!closed) scheduleSweep();
        }
        stale.forEach(ShellSession::close);
    }

    synchronized int idle() { return idle.size(); }

    @Override
    public void close() {
        List<ShellSession> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(idle);
            idle.clear();
        }
        all.forEach(ShellSession::close);
    }
}
