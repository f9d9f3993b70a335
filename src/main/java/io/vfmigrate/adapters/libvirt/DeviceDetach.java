package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.adapters.libvirt.DeviceEvents.Outcome;
import io.vfmigrate.model.DomainDescription.XmlText;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.libvirt.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Detaches a device from a live domain and returns once it is gone: a DEVICE_REMOVED event for its
 * alias, or the live XML without it (re-read right after the call and then every {@link #RECHECK}, in
 * case the event was missed, e.g. across a reconnect). Bounded by the caller's timeout.
 */
final class DeviceDetach {
    static final Duration RECHECK = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(DeviceDetach.class);

    private final LibvirtConnection connection;
    private final LibvirtHypervisor hypervisor;

    DeviceDetach(LibvirtConnection connection, LibvirtHypervisor hypervisor) {
        this.connection = connection;
        this.hypervisor = hypervisor;
    }

    /** Idempotent: a device that is not (or no longer) there counts as removed. */
    void detach(String vm, String deviceXml, String alias, Duration timeout) {
        if (!present(vm, alias)) return;
        DeviceEvents events = connection.deviceEvents();
        CompletableFuture<Outcome> outcome = events.expect(vm, alias);
        try {
            requestRemoval(vm, deviceXml, alias);
            awaitRemoval(vm, alias, outcome, timeout);
        } finally {
            events.forget(vm, alias, outcome);
        }
    }

    private void requestRemoval(String vm, String deviceXml, String alias) {
        try {
            hypervisor.onDomain(vm, domain -> {
                domain.detachDeviceFlags(deviceXml, Domain.DeviceModifyFlags.LIVE);
                return null;
            });
        } catch (FailureException e) {
            if (present(vm, alias)) throw e; // else it went away between our look and the call
        }
    }

    private void awaitRemoval(String vm, String alias, CompletableFuture<Outcome> outcome, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (present(vm, alias)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new FailureException(new Failure.Timeout("removal of device '" + alias + "' from " + vm + " on " + connection.host(), timeout));
            }
            Outcome event = await(outcome, Math.min(left, RECHECK.toNanos()), vm, alias);
            if (event == Outcome.REMOVED) {
                log.debug("DEVICE_REMOVED for {} of {} after {} ms", alias, vm, (System.nanoTime() - start) / 1_000_000);
                return;
            }
            if (event == Outcome.REMOVAL_FAILED && present(vm, alias)) {
                throw LibvirtFailures.of(connection.host(), LibvirtFailures.OPERATION_FAILED,
                        "the guest refused to release device '" + alias + "' of " + vm + " (DEVICE_REMOVAL_FAILED)");
            }
        }
        log.debug("device {} of {} is gone from the live XML after {} ms", alias, vm, (System.nanoTime() - start) / 1_000_000);
    }

    /** The event's outcome, or null when none arrived within {@code nanos}. */
    private static Outcome await(CompletableFuture<Outcome> outcome, long nanos, String vm, String alias) {
        try {
            return outcome.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailureException(new Failure.Interrupted("waiting for the removal of device '" + alias + "' from " + vm));
        } catch (ExecutionException e) {
            throw new IllegalStateException("device event future failed for " + vm + "/" + alias, e);
        }
    }

    private boolean present(String vm, String alias) {
        String xml = hypervisor.runningDomainXml(vm).orElseThrow(() -> LibvirtFailures.of(connection.host(),
                LibvirtFailures.NO_DOMAIN, "domain '" + vm + "' is not running on " + connection.host()));
        return hasDeviceAlias(xml, alias);
    }

    /** Whether a device directly under {@code <devices>} carries {@code <alias name='alias'/>}. */
    static boolean hasDeviceAlias(String domainXml, String alias) {
        NodeList aliases = XmlText.parse(domainXml).getElementsByTagName("alias");
        for (int i = 0; i < aliases.getLength(); i++) {
            Element element = (Element) aliases.item(i);
            Node device = element.getParentNode();
            Node devices = device == null ? null : device.getParentNode();
            if (alias.equals(element.getAttribute("name")) && devices instanceof Element parent && "devices".equals(parent.getTagName())) {
                return true;
            }
        }
        return false;
    }
}
