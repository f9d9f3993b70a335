package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.model.FailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's link to libvirt: a polled event loop (without it keepalive kills long migrations and
 * no device event arrives), silence on stderr, and one open connection per host URI, closed by
 * {@link #close()} (libvirt-java otherwise closes connections only in finalizers).
 */
public final class LibvirtSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LibvirtSession.class);
    private static final AtomicBoolean EVENT_LOOP_STARTED = new AtomicBoolean();
    /** libvirt keeps this pointer for the life of the process: it must never be collected. */
    private static final Libvirt.VirErrorCallback SILENT_ERRORS = new SilentErrors();

    private final Map<String, LibvirtConnection> connections = new java.util.concurrent.ConcurrentHashMap<>();
    /** One lock per URI: a host that is slow to connect (ssh timing out) never holds up the others. */
    private final Map<String, Object> opening = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    public LibvirtSession() {
        startEventLoopOnce();
    }

    /** The open connection to {@code uri}, reopened when libvirt reports the old one dead. */
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
            LibvirtConnection opened;
            try {
                opened = LibvirtConnection.open(host, uri, SILENT_ERRORS);
            } catch (LibvirtException e) {
                throw LibvirtFailures.of(host, e);
            }
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
        try {
            return LibvirtConnection.open(host, uri, SILENT_ERRORS);
        } catch (LibvirtException e) {
            throw LibvirtFailures.of(host, e);
        }
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
