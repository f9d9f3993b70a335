package io.vfmigrate.adapters.libvirt;

import com.sun.jna.Pointer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEVICE_REMOVED and DEVICE_REMOVAL_FAILED events of one connection, bound with JNA because
 * libvirt-java 0.5.4 has no listener for them. A detach registers what it expects before acting;
 * the callbacks (on the event-loop thread) only complete that future: they never block nor throw.
 */
final class DeviceEvents {
    enum Outcome { REMOVED, REMOVAL_FAILED }

    static final int DEVICE_REMOVED = 15;
    static final int DEVICE_REMOVAL_FAILED = 22;

    private static final Logger log = LoggerFactory.getLogger(DeviceEvents.class);

    private final String host;
    private final ConnectionPointer connection;
    private final Map<Expected, CompletableFuture<Outcome>> expected = new ConcurrentHashMap<>();
    // libvirt calls these through native pointers: they stay referenced as long as they are registered
    private final DeviceAliasCallback removed = new Listener(this, Outcome.REMOVED);
    private final DeviceAliasCallback removalFailed = new Listener(this, Outcome.REMOVAL_FAILED);
    private int removedId = -1;
    private int removalFailedId = -1;

    private DeviceEvents(String host, ConnectionPointer connection) {
        this.host = host;
        this.connection = connection;
    }

    static DeviceEvents register(String host, ConnectionPointer connection) {
        DeviceEvents events = new DeviceEvents(host, connection);
        events.removedId = events.registerAny(DEVICE_REMOVED, events.removed);
        try {
            events.removalFailedId = events.registerAny(DEVICE_REMOVAL_FAILED, events.removalFailed);
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
        return events;
    }

    /** The outcome of the removal of device {@code alias} from {@code vm}, once an event tells it. */
    CompletableFuture<Outcome> expect(String vm, String alias) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        expected.put(new Expected(vm, alias), outcome);
        return outcome;
    }

    void forget(String vm, String alias, CompletableFuture<Outcome> outcome) {
        expected.remove(new Expected(vm, alias), outcome);
    }

    /** Deregisters both callbacks; events still queued for them are dropped by libvirt. */
    void close() {
        removedId = deregister(removedId);
        removalFailedId = deregister(removalFailedId);
        expected.clear();
    }

    private int registerAny(int eventId, DeviceAliasCallback callback) {
        int id = Libvirt.INSTANCE.virConnectDomainEventRegisterAny(connection, null, eventId, callback, null, null);
        if (id < 0) throw LibvirtFailures.fromLastError(host, "registering for device event " + eventId);
        return id;
    }

    private int deregister(int callbackId) {
        if (callbackId >= 0 && Libvirt.INSTANCE.virConnectDomainEventDeregisterAny(connection, callbackId) < 0) {
            log.debug("deregistering device event callback {} on {} failed", callbackId, host);
        }
        return -1;
    }

    private void deliver(DomainPointer domain, String alias, Outcome outcome) {
        try {
            deliver(Libvirt.INSTANCE.virDomainGetName(domain), alias, outcome);
        } catch (Throwable t) { // an exception must not unwind into libvirt's event loop
            log.warn("dropping device event {} for alias {} on {}: {}", outcome, alias, host, t.toString());
        }
    }

    /** Hands the event to the detach waiting for it, if any; completes a future, nothing more. */
    void deliver(String vm, String alias, Outcome outcome) {
        CompletableFuture<Outcome> waiting = expected.remove(new Expected(vm, alias));
        log.debug("{} for device {} of {} on {}{}", outcome, alias, vm, host, waiting == null ? " (nobody waits for it)" : "");
        if (waiting != null) waiting.complete(outcome);
    }

    private record Expected(String vm, String alias) {}

    /** virConnectDomainEventDeviceRemovedCallback and ...DeviceRemovalFailedCallback share this shape. */
    interface DeviceAliasCallback extends Libvirt.VirDomainEventCallback {
        void eventCallback(ConnectionPointer connection, DomainPointer domain, String alias, Pointer opaque);
    }

    private static final class Listener implements DeviceAliasCallback {
        private final DeviceEvents events;
        private final Outcome outcome;

        Listener(DeviceEvents events, Outcome outcome) {
            this.events = events;
            this.outcome = outcome;
        }

        @Override
        public void eventCallback(ConnectionPointer connection, DomainPointer domain, String alias, Pointer opaque) {
            events.deliver(domain, alias, outcome);
        }
    }
}
