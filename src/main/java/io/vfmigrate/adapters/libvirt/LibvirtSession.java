package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Keepalive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's link to libvirt: a polled event loop, started once per process before the first connection
 * (keepalive and device events both need it: without it keepalive kills long migrations and no device event
 * arrives), silence on stderr, and one open connection per host URI with {@link Keepalive} on, closed by
 * {@link #close()} (libvirt-java otherwise closes connections only in finalizers).
 */
public final class LibvirtSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LibvirtSession.class);
    private static final AtomicBoolean EVENT_LOOP_STARTED = new AtomicBoolean();
    /** libvirt keeps this pointer for the life of the process: it must never be collected. */
    private static final Libvirt.VirErrorCallback SILENT_ERRORS = new SilentErrors();
    /** Connects, one thread each: a connect that hangs must not hold up the others, nor the process's exit. */
    private static final Executor CONNECTING = task -> {
        Thread t = new Thread(task, "libvirt-connect");
        t.setDaemon(true);
        t.start();
    };

    private final Map<String, LibvirtConnection> connections = new java.util.concurrent.ConcurrentHashMap<>();
    /** One lock per URI: a host that is slow to connect (ssh timing out) never holds up the others. */
    private final Map<String, Object> opening = new java.util.concurrent.ConcurrentHashMap<>();
    private final Keepalive keepalive;
    private volatile boolean closed;

    public LibvirtSession() {
        this(Keepalive.DEFAULT);
    }

    public LibvirtSession(Keepalive keepalive) {
        this.keepalive = keepalive;
        startEventLoopOnce();
    }

    /**
     * The open connection to {@code uri}, reopened once when libvirt reports the old one dead (keepalive gave up,
     * the peer closed it); when that fails the host is unreachable ({@code HostUnreachable}).
     */
    LibvirtConnection connection(String host, String uri) {
        synchronized (opening.computeIfAbsent(uri, u -> new Object())) {
            if (closed) throw new IllegalStateException("libvirt session is closed; cannot connect to " + host + " (" + uri + ")");
            LibvirtConnection existing = connections.get(uri);
            if (existing != null && existing.isAlive()) return existing;
            if (existing != null) {
                log.warn("connection to {} ({}) is dead; reconnecting", host, uri);
                connections.remove(uri);
                existing.close();
            }
            LibvirtConnection opened = existing == null ? open(host, uri) : reopen(host, uri);
            synchronized (this) {
                if (closed) {
                    opened.close();
                    throw new IllegalStateException("libvirt session was closed while connecting to " + host + " (" + uri + ")");
                }
                connections.put(uri, opened);
            }
            return opened;
        }
    }

    /**
     * A connection of its own, not shared and not kept: the caller closes it. A live migration runs on such
     * connections, so that its long calls (and libvirt's hold on the migrating domain as it ends) do not queue
     * up other VMs' calls on the shared connection to the same daemon.
     */
    LibvirtConnection dedicated(String host, String uri) {
        if (closed) throw new IllegalStateException("libvirt session is closed; cannot connect to " + host + " (" + uri + ")");
        return open(host, uri);
    }

    /**
     * Drops {@code dead}, the shared connection to {@code uri} that a call found closed or dead, so that the
     * next call opens a new one even while libvirt still calls it alive (a half-open connection).
     */
    void discard(String uri, LibvirtConnection dead) {
        synchronized (opening.computeIfAbsent(uri, u -> new Object())) {
            if (connections.remove(uri, dead)) {
                log.warn("connection to {} is closed or dead; the next call opens a new one", dead);
                dead.close();
            }
        }
    }

    private LibvirtConnection reopen(String host, String uri) {
        try {
            return open(host, uri);
        } catch (FailureException e) {
            if (e.failure() instanceof Failure.HostUnreachable) throw e;
            throw new FailureException(new Failure.HostUnreachable(host, "libvirt (" + uri + ")",
                    "the connection was found dead and reopening it failed: " + e.failure().message()), e);
        }
    }

    /**
     * Opens a connection within {@link Keepalive#connectTimeout()}; a connect still waiting then (packets dropped on
     * the way) is left to end on its own thread, and closed if it ever succeeds: the host counts as unreachable now.
     */
    private LibvirtConnection open(String host, String uri) {
        CompletableFuture<LibvirtConnection> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return LibvirtConnection.open(host, uri, SILENT_ERRORS, keepalive);
            } catch (LibvirtException e) {
                throw LibvirtFailures.onConnect(host, uri, e);
            }
        }, CONNECTING);
        Duration limit = keepalive.connectTimeout();
        try {
            return opening.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            opening.thenAccept(LibvirtConnection::close);
            throw new FailureException(new Failure.HostUnreachable(host, "libvirt (" + uri + ")",
                    "no answer while connecting within " + Durations.format(limit) + " (packets dropped by a firewall, or the host is down)"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.thenAccept(LibvirtConnection::close);
            throw FailureException.unexpected("interrupted while connecting to " + host + " (" + uri + ")");
        }
    }

    /** How long a call that must answer promptly (a progress read) may go unanswered before its connection counts as lost. */
    Duration answerTimeout() {
        return keepalive.answerTimeout();
    }

    /** Closes every connection (idempotent). The event loop thread is a daemon and stays for the process. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        List<LibvirtConnection> open = new ArrayList<>(connections.values());
        connections.clear();
        for (LibvirtConnection connection : open) connection.close();
    }

    private static void startEventLoopOnce() {
        if (!EVENT_LOOP_STARTED.compareAndSet(false, true)) return;
        try {
            Connect.setErrorCallback(SILENT_ERRORS);
            Library.initEventLoop();
        } catch (LibvirtException e) {
            EVENT_LOOP_STARTED.set(false);
            throw LibvirtFailures.of("localhost", e);
        } catch (UnsatisfiedLinkError e) {
            EVENT_LOOP_STARTED.set(false);
            throw FailureException.unexpected("the libvirt native library is missing (install libvirt0): " + e.getMessage());
        }
        Thread loop = new Thread(LibvirtSession::runEventLoop, "libvirt-event-loop");
        loop.setDaemon(true);
        loop.start();
    }

    private static void runEventLoop() {
        while (true) {
            try {
                Library.runEventLoop();
                return;
            } catch (LibvirtException e) {
                log.warn("libvirt event loop iteration failed, going on: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Errors reach us as exceptions; without this libvirt also prints each of them on stderr. */
    private static final class SilentErrors implements Libvirt.VirErrorCallback {
        @Override
        public void errorCallback(com.sun.jna.Pointer userData, virError error) {
            // deliberately nothing
        }
    }
}
