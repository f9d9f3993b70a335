package io.vfmigrate.ports;

import io.vfmigrate.model.FailureException;
import java.time.Duration;
import java.util.Optional;

/**
 * One host's hypervisor. Every method throws {@link FailureException} for expected
 * failures (libvirt errors carry libvirt's code); nothing here returns library types.
 */
public interface Hypervisor {
    String host();

    /** Throws unless the hypervisor answers. */
    void ping();

    /**
     * The version of the host's libvirt daemon (what answers the connection, not the coordinator's library):
     * major * 1,000,000 + minor * 1,000 + release, as libvirt encodes it (4.4.0 is 4_004_000).
     */
    long libvirtVersion();

    /** The live XML of the domain if it is running on this host. */
    Optional<String> runningDomainXml(String vm);

    /** True only when the VM runs here (not paused, not shut off): see {@link #domainState}. */
    default boolean isRunning(String vm) { return domainState(vm).isRunning(); }

    /** True when a QEMU process of the VM exists here (running or paused). */
    default boolean isActive(String vm) { return runningDomainXml(vm).isPresent(); }

    /** The VM's real state here: running, paused (and why), shut off, or absent. */
    DomainState domainState(String vm);

    /** Resumes a paused VM; a running VM is left as it is. */
    void resume(String vm);

    /** Stops the VM's QEMU at once (virsh destroy); an inactive or absent VM is left as it is. */
    void destroy(String vm);

    /** Removes the VM's definition from this host; an absent VM is left as it is. */
    void undefine(String vm);

    /**
     * QEMU network backends (netdevs) of the live VM that no device uses, as QEMU itself lists them
     * (not the domain XML): such an orphan blocks later attaches. Empty when none or not active here.
     */
    default java.util.List<String> orphanNetdevs(String vm) { return java.util.List.of(); }

    /**
     * Removes the orphan network backend {@code id} of the live VM (QEMU's netdev_del), but only while
     * QEMU still lists it without a device; returns whether it removed it (false: not an orphan (any
     * more), or not supported here). Only for a VM whose run holds its lease: nothing else attaches then.
     */
    default boolean removeOrphanNetdev(String vm, String id) { return false; }

    /**
     * Starts measuring how fast the running VM dirties its memory over {@code period} (whole seconds: libvirt's
     * virDomainStartDirtyRateCalc); the result comes from {@link #dirtyRate}. Returns why it cannot when this host
     * cannot (a libvirt or QEMU without it): empty when started. Any other failure is thrown.
     */
    default Optional<String> startDirtyRateCalc(String vm, java.time.Duration period) { return Optional.of("not supported by this hypervisor"); }

    /** The measurement {@link #startDirtyRateCalc} started, once it finished; empty while it runs (or none was started). */
    default Optional<DirtyRate> dirtyRate(String vm) { return Optional.empty(); }

    /** The backend id of an entry of {@link #orphanNetdevs} ("hostnet1 (index=0,type=tap,...)" -> "hostnet1"). */
    static String orphanNetdevId(String listed) {
        int space = listed.indexOf(' ');
        return space < 0 ? listed : listed.substring(0, space);
    }

    /** Live XML of every running domain on this host (to see which VFs are taken). */
    java.util.List<String> runningDomainXmls();

    /**
     * The persistent (inactive) XML of every domain defined on this host but not running: a shut-off
     * definition that names a VF takes that VF when it starts, so the VF is not free meanwhile.
     */
    java.util.List<String> inactiveDomainXmls();

    /**
     * Every domain XML that may name a VF of this host: the persistent XML of each shut-off domain, then the
     * live XML of each running one (in that order, so a domain started between the two reads is still seen).
     * A VF named by any of them is not free.
     */
    default java.util.List<String> vfHoldingDomainXmls() {
        java.util.List<String> xmls = new java.util.ArrayList<>(inactiveDomainXmls());
        xmls.addAll(runningDomainXmls());
        return java.util.List.copyOf(xmls);
    }

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

    /**
     * The persistent definition of the VM on this host (inactive and migratable XML), when it is defined
     * here; empty when it is absent or transient.
     */
    default Optional<String> definedDomainXml(String vm) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read a domain's persistent definition");
    }

    /**
     * Moves the definition of a shut-off persistent VM to {@code destination} (libvirt's offline migration:
     * nothing runs, no memory moves): defined there as {@code definition}, undefined here.
     */
    default void migrateOffline(String vm, Hypervisor destination, String definition) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot migrate offline");
    }

    Optional<MigrationProgress> jobProgress(String vm);

    void abortJob(String vm);

    /** Free memory and NUMA topology of the host. */
    HostResources resources();
}
