package io.vfmigrate.ports;

import java.time.Duration;
import java.util.Optional;

/**
 * One host's hypervisor. Every method throws {@link io.vfmigrate.model.FailureException} for expected
 * failures (libvirt errors carry libvirt's code); nothing here returns library types.
 */
public interface Hypervisor {
    String host();

    /** Throws unless the hypervisor answers. */
    void ping();

    /** The live XML of the domain if it is running on this host. */
    Optional<String> runningDomainXml(String vm);

    default boolean isRunning(String vm) { return runningDomainXml(vm).isPresent(); }

    /** Live XML of every running domain on this host (to see which VFs are taken). */
    java.util.List<String> runningDomainXmls();

    /** Every domain on this host, running or only defined, with its state (for the fleet view). */
    java.util.List<DomainListing> domains();

    /** The XML of a libvirt network defined on this host. */
    Optional<String> networkXml(String network);

    /** Attaches a device to the live domain (and only the live domain). */
    void attachDevice(String vm, String deviceXml);

    /**
     * Detaches a device from the live domain and returns only once the hypervisor confirmed its
     * removal (event or re-read XML); throws a Timeout failure when it did not within {@code timeout}.
     */
    void detachDevice(String vm, String deviceXml, String alias, Duration timeout);

    /** Live-migrates the domain to {@code destination}; returns once the domain runs there. */
    void migrate(String vm, Hypervisor destination, MigrationRequest request);

    Optional<MigrationProgress> jobProgress(String vm);

    void abortJob(String vm);

    /** Free memory and NUMA topology of the host. */
    HostResources resources();
}
