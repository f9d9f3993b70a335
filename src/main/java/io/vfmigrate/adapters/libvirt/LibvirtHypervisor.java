package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.DomainListing;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.HostResources;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;

/** The {@link Hypervisor} port on libvirt: one host, reached through the session's connection to its URI. */
public final class LibvirtHypervisor implements Hypervisor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LibvirtHypervisor.class);
    private final LibvirtSession session;
    private final String host;
    private final String uri;

    /** {@code uri} e.g. {@code qemu:///system} or {@code qemu+unix:///system?socket=/run/lab/a/libvirt-sock}. */
    public LibvirtHypervisor(LibvirtSession session, String host, String uri) {
        this.session = session;
        this.host = host;
        this.uri = uri;
    }

    @Override public String host() { return host; }

    @Override
    public void ping() {
        onConnection(connect -> connect.getLibVirVersion());
    }

    @Override
    public long libvirtVersion() {
        return onConnection(connect -> connect.getLibVersion());
    }

    @Override
    public Optional<String> runningDomainXml(String vm) {
        try {
            return onDomain(vm, domain -> domain.isActive() == 1 ? Optional.of(domain.getXMLDesc(0)) : Optional.<String>empty());
        } catch (FailureException e) {
            if (LibvirtFailures.hasCode(e, LibvirtFailures.NO_DOMAIN)) return Optional.empty();
            throw e;
        }
    }

    @Override
    public List<String> runningDomainXmls() {
        return onConnection(connect -> {
            List<String> xmls = new ArrayList<>();
            for (Domain domain : connect.listAllDomains(Connect.ConnectListAllDomainsFlags.CONNECT_LIST_DOMAINS_ACTIVE)) {
                try {
                    xmls.add(domain.getXMLDesc(0));
                } catch (LibvirtException e) {
                    if (LibvirtFailures.code(e) != LibvirtFailures.NO_DOMAIN) throw e; // it stopped meanwhile
                } finally {
                    LibvirtConnection.free(domain);
                }
            }
            return List.copyOf(xmls);
        });
    }

    /** listAllDomains(INACTIVE | PERSISTENT), each one's INACTIVE XML (virsh dumpxml --inactive); one undefined meanwhile is skipped. */
    @Override
    public List<String> inactiveDomainXmls() {
        return onConnection(connect -> {
            List<String> xmls = new ArrayList<>();
            int flags = Connect.ConnectListAllDomainsFlags.CONNECT_LIST_DOMAINS_INACTIVE | Connect.ConnectListAllDomainsFlags.CONNECT_LIST_DOMAINS_PERSISTENT;
            for (Domain domain : connect.listAllDomains(flags)) {
                try {
                    xmls.add(domain.getXMLDesc(Domain.XMLFlags.INACTIVE));
                } catch (LibvirtException e) {
                    if (LibvirtFailures.code(e) != LibvirtFailures.NO_DOMAIN) throw e; // undefined meanwhile
                } finally {
                    LibvirtConnection.free(domain);
                }
            }
            return List.copyOf(xmls);
        });
    }

    @Override
    public List<DomainListing> domains() {
        return onConnection(connect -> {
            List<DomainListing> out = new ArrayList<>();
            for (Domain domain : connect.listAllDomains(0)) {
                try {
                    DomainInfo info = domain.getInfo();
                    out.add(new DomainListing(domain.getName(), state(info.state), domain.isPersistent() == 1, domain.getXMLDesc(0)));
                } catch (LibvirtException e) {
                    if (LibvirtFailures.code(e) != LibvirtFailures.NO_DOMAIN) throw e; // undefined meanwhile
                } finally {
                    LibvirtConnection.free(domain);
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public DomainState domainState(String vm) {
        try {
            return onDomain(vm, DomainStates::of);
        } catch (FailureException e) {
            if (LibvirtFailures.hasCode(e, LibvirtFailures.NO_DOMAIN)) return DomainState.ABSENT;
            throw e;
        }
    }

    /** Idempotent: a running or absent domain is left as it is. */
    @Override
    public void resume(String vm) {
        if (!domainState(vm).isPaused()) return;
        onDomain(vm, domain -> {
            domain.resume();
            return null;
        });
    }

    /** Idempotent: an inactive or absent domain is left as it is. */
    @Override
    public void destroy(String vm) {
        if (!domainState(vm).isActive()) return;
        try {
            onDomain(vm, domain -> {
                domain.destroy();
                return null;
            });
        } catch (FailureException e) {
            if (!LibvirtFailures.hasCode(e, LibvirtFailures.NO_DOMAIN) && !LibvirtFailures.hasCode(e, LibvirtFailures.OPERATION_INVALID)) throw e;
        }
    }

    /** Idempotent: an absent or transient domain is left as it is. */
    @Override
    public void undefine(String vm) {
        try {
            onDomain(vm, domain -> {
                if (domain.isPersistent() == 1) domain.undefine();
                return null;
            });
        } catch (FailureException e) {
            if (!LibvirtFailures.hasCode(e, LibvirtFailures.NO_DOMAIN)) throw e;
        }
    }

    @Override
    public Optional<String> startDirtyRateCalc(String vm, java.time.Duration period) {
        return onDomain(vm, domain -> DirtyRates.start(host, domain, period));
    }

    @Override
    public Optional<io.vfmigrate.ports.DirtyRate> dirtyRate(String vm) {
        return onDomain(vm, domain -> DirtyRates.result(host, domain));
    }

    /** Through the QEMU monitor (HMP {@code info network}); empty when the domain is not active here. */
    @Override
    public List<String> orphanNetdevs(String vm) {
        if (!domainState(vm).isActive()) return List.of();
        return onDomain(vm, domain -> QemuNetworkInfo.orphanBackends(domain.qemuMonitorCommand("info network", 1)));
    }

    /**
     * HMP {@code netdev_del ID}, only while {@code info network} still lists ID as a backend without
     * its device; checked again afterwards. The id comes from QEMU's own listing and is checked to be
     * a plain identifier before it goes into a monitor command.
     */
    @Override
    public boolean removeOrphanNetdev(String vm, String id) {
        if (!id.matches("[A-Za-z0-9_.-]{1,128}")) throw new IllegalArgumentException("not a QEMU netdev id: " + Printable.quote(id));
        if (!domainState(vm).isActive()) return false;
        return onDomain(vm, domain -> {
            if (!QemuNetworkInfo.isOrphan(domain.qemuMonitorCommand("info network", 1), id)) return false;
            String said = domain.qemuMonitorCommand("netdev_del " + id, 1);
            if (QemuNetworkInfo.isOrphan(domain.qemuMonitorCommand("info network", 1), id)) {
                throw new FailureException(new Failure.LibvirtError(host, -1,
                        "QEMU kept the orphan network backend " + id + " of " + vm + " after netdev_del: " + said.strip()));
            }
            return true;
        });
    }

    private static DomainListing.State state(DomainInfo.DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> DomainListing.State.RUNNING;
            case VIR_DOMAIN_PAUSED -> DomainListing.State.PAUSED;
            case VIR_DOMAIN_SHUTOFF -> DomainListing.State.SHUT_OFF;
            case VIR_DOMAIN_CRASHED -> DomainListing.State.CRASHED;
            case VIR_DOMAIN_PMSUSPENDED -> DomainListing.State.SUSPENDED;
            default -> DomainListing.State.OTHER;
        };
    }

    @Override
    public Optional<String> networkXml(String network) {
        return onConnection(connect -> {
            Network found;
            try {
                found = connect.networkLookupByName(network);
            } catch (LibvirtException e) {
                if (LibvirtFailures.code(e) == LibvirtFailures.NO_NETWORK) return Optional.<String>empty();
                throw e;
            }
            try {
                return Optional.of(found.getXMLDesc(0));
            } finally {
                found.free();
            }
        });
    }

    @Override
    public void attachDevice(String vm, String deviceXml) {
        long start = System.nanoTime();
        onDomain(vm, domain -> {
            domain.attachDeviceFlags(deviceXml, Domain.DeviceModifyFlags.LIVE);
            return null;
        });
        LOG.debug("{}: device attached to {} in {} ms", host, vm, (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void detachDevice(String vm, String deviceXml, String alias, Duration timeout) {
        new DeviceDetach(connection(), this).detach(vm, deviceXml, alias, timeout);
    }

    /** {@code destination} is the destination's {@link LibvirtHypervisor} (unwrapped from any decorator). */
    @Override
    public void migrate(String vm, Hypervisor destination, MigrationRequest request) {
        LibvirtHypervisor target = target(vm, destination);
        LibvirtConnection from = session.dedicated(host, uri);
        boolean lost = false;
        try {
            LibvirtConnection to = session.dedicated(target.host, target.uri);
            try {
                new LiveMigration(from, to, session.answerTimeout()).migrate(vm, request);
            } catch (FailureException e) {
                lost = e.failure() instanceof Failure.ConnectionLost;
                throw e;
            } finally {
                to.close(lost);
            }
        } finally {
            from.close(lost);
        }
    }

    /** INACTIVE | MIGRATABLE: what `virsh dumpxml --inactive --migratable` prints, fit for a migration's destination XML. */
    @Override
    public Optional<String> definedDomainXml(String vm) {
        try {
            return onDomain(vm, domain -> domain.isPersistent() == 1
                    ? Optional.of(domain.getXMLDesc(Domain.XMLFlags.INACTIVE | Domain.XMLFlags.MIGRATABLE)) : Optional.<String>empty());
        } catch (FailureException e) {
            if (LibvirtFailures.hasCode(e, LibvirtFailures.NO_DOMAIN)) return Optional.empty();
            throw e;
        }
    }

    /**
     * virDomainMigrate3 with OFFLINE | PERSIST_DEST | UNDEFINE_SOURCE. The new definition goes both as the
     * destination XML (an offline migration defines what its Begin phase sends, which is this XML once libvirt's
     * ABI check accepts it) and as the persistent XML (what PERSIST_DEST keeps).
     */
    @Override
    public void migrateOffline(String vm, Hypervisor destination, String definition) {
        LibvirtHypervisor target = target(vm, destination);
        TypedParameter[] params = {
                new TypedStringParameter(Domain.DomainMigrateParameters.VIR_MIGRATE_PARAM_DEST_XML, definition),
                new TypedStringParameter(Domain.DomainMigrateParameters.VIR_MIGRATE_PARAM_PERSIST_XML, definition)};
        long flags = Domain.MigrateFlags.OFFLINE | Domain.MigrateFlags.PERSIST_DEST | Domain.MigrateFlags.UNDEFINE_SOURCE;
        onDomain(vm, domain -> {
            LibvirtConnection.free(domain.migrate(target.connection().connect(), params, flags));
            return null;
        });
    }

    private LibvirtHypervisor target(String vm, Hypervisor destination) {
        if (!(destination instanceof LibvirtHypervisor target)) {
            throw new IllegalArgumentException("cannot migrate " + vm + " from libvirt host " + host + " to a "
                    + destination.getClass().getName() + " (" + destination.host() + "): needs a LibvirtHypervisor");
        }
        return target;
    }

    /** Empty when no job runs, or when the domain is not (or no longer) on this host. */
    @Override
    public Optional<MigrationProgress> jobProgress(String vm) {
        try {
            return onDomain(vm, domain -> JobProgress.of(domain.getJobStats(0)));
        } catch (FailureException e) {
            if (LibvirtFailures.hasCode(e, LibvirtFailures.NO_DOMAIN)) return Optional.empty();
            throw e;
        }
    }

    /** Idempotent: a domain without an active job is left as it is. */
    @Override
    public void abortJob(String vm) {
        try {
            onDomain(vm, Domain::abortJob);
        } catch (FailureException e) {
            if (!LibvirtFailures.hasCode(e, LibvirtFailures.OPERATION_INVALID)) throw e;
        }
    }

    @Override
    public HostResources resources() {
        return onConnection(connect -> new HostResources(connect.getFreeMemory() / 1024, connect.nodeInfo().memory,
                NumaTopology.cpusByNode(connect.getCapabilities())));
    }

    LibvirtConnection connection() {
        return session.connection(host, uri);
    }

    <T> T onDomain(String vm, DomainCall<T> call) {
        LibvirtConnection connection = connection();
        Domain domain = null;
        try {
            domain = connection.domain(vm);
            return call.apply(domain);
        } catch (LibvirtException e) {
            throw failure(connection, e);
        } finally {
            LibvirtConnection.free(domain);
        }
    }

    private <T> T onConnection(ConnectCall<T> call) {
        LibvirtConnection connection = connection();
        try {
            return call.apply(connection.connect());
        } catch (LibvirtException e) {
            throw failure(connection, e);
        }
    }

    /**
     * A call's failure, read in the catch block (libvirt's last error is per thread). A closed or dead connection
     * is dropped from the session and reported as {@code ConnectionLost}: the next call opens a new one, and
     * {@code RetryingHypervisor} repeats a probe once on it.
     */
    private FailureException failure(LibvirtConnection connection, LibvirtException e) {
        FailureException failure = LibvirtFailures.of(host, e);
        Failure.LibvirtError error = (Failure.LibvirtError) failure.failure();
        if (!LibvirtFailures.connectionLost(error.code(), error.text(), connection.isAlive())) return failure;
        session.discard(uri, connection);
        return new FailureException(new Failure.ConnectionLost(host, error.text() + " (code " + error.code() + ")"), e);
    }

    @Override public String toString() { return "libvirt " + host + " (" + uri + ")"; }

    @FunctionalInterface
    interface DomainCall<T> {
        T apply(Domain domain) throws LibvirtException;
    }

    @FunctionalInterface
    private interface ConnectCall<T> {
        T apply(Connect connect) throws LibvirtException;
    }
}
