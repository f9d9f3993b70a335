package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.model.Keepalive;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One open libvirt connection to one host, with its device-event registration (made on first use). */
final class LibvirtConnection {
    private static final Logger log = LoggerFactory.getLogger(LibvirtConnection.class);

    private final String host;
    private final String uri;
    private final PointerConnect connect;
    private DeviceEvents deviceEvents;

    private LibvirtConnection(String host, String uri, PointerConnect connect) {
        this.host = host;
        this.uri = uri;
        this.connect = connect;
    }

    /**
     * Opens the connection and turns on keepalive (when {@code keepalive.on()}), which needs the session's running
     * event loop. A driver without keepalive (a local one: {@code test:///}, embedded) goes on without it.
     */
    static LibvirtConnection open(String host, String uri, Libvirt.VirErrorCallback silentErrors, Keepalive keepalive) throws LibvirtException {
        PointerConnect connect = new PointerConnect(uri);
        connect.setConnectionErrorCallback(silentErrors);
        LibvirtConnection opened = new LibvirtConnection(host, uri, connect);
        if (keepalive.on()) opened.keepalive(keepalive);
        return opened;
    }

    private void keepalive(Keepalive keepalive) throws LibvirtException {
        try {
            if (!connect.setKeepAlive((int) keepalive.interval().toSeconds(), keepalive.count())) {
                log.debug("{} does not answer keepalive probes: the connection to it goes without", this);
            }
        } catch (LibvirtException e) {
            if (LibvirtFailures.code(e) != LibvirtFailures.NO_SUPPORT) {
                close();
                throw e;
            }
            log.debug("the driver of {} has no keepalive (a local driver): {}", this, e.getMessage());
        }
    }

    String host() { return host; }

    Connect connect() { return connect; }

    /** A domain handle, freed by the caller (see {@link #free}). */
    Domain domain(String vm) throws LibvirtException {
        return connect.domainLookupByName(vm);
    }

    synchronized DeviceEvents deviceEvents() {
        if (deviceEvents == null) deviceEvents = DeviceEvents.register(host, connect.pointer());
        return deviceEvents;
    }

    boolean isAlive() {
        try {
            return connect.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    synchronized void close() {
        if (deviceEvents != null) deviceEvents.close();
        deviceEvents = null;
        try {
            connect.close();
        } catch (LibvirtException e) {
            log.warn("closing the connection to {} ({}) failed: {}", host, uri, e.getMessage());
        }
    }

    /**
     * Closes now, or, when {@code inBackground} (a call on this connection may still wait for an answer that never
     * comes, and closing would wait for it), on a daemon thread of its own.
     */
    void close(boolean inBackground) {
        if (!inBackground) {
            close();
            return;
        }
        Thread t = new Thread(this::close, "libvirt-close-" + host);
        t.setDaemon(true);
        t.start();
    }

    static void free(Domain domain) {
        if (domain == null) return;
        try {
            domain.free();
        } catch (LibvirtException e) {
            log.debug("freeing a domain handle failed: {}", e.getMessage());
        }
    }

    @Override public String toString() { return host + " (" + uri + ")"; }

    /** Exposes the native connection pointer (protected in libvirt-java) for the JNA event bindings. */
    private static final class PointerConnect extends Connect {
        PointerConnect(String uri) throws LibvirtException {
            super(uri);
        }

        ConnectionPointer pointer() { return vcp; }
    }
}
