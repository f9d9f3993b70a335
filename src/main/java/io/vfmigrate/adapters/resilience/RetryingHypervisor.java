package io.vfmigrate.adapters.resilience;

import io.github.resilience4j.retry.Retry;
import io.vfmigrate.ports.DomainListing;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.HostResources;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Retries the idempotent probes of a {@link Hypervisor} on transient failures, and repeats a probe once
 * on a new connection when its connection was lost ({@link ReopenOnce}: lost again, the host is unreachable).
 * Actions (attach, detach, migrate, abort) go through exactly once, a lost connection included (it may have
 * taken effect): retrying them is the workflow's decision, and its next call opens a new connection.
 */
public final class RetryingHypervisor implements Hypervisor {
    private final Hypervisor delegate;
    private final Retry retry;

    public RetryingHypervisor(Hypervisor delegate, int maxAttempts, Duration wait) {
        this.delegate = delegate;
        this.retry = TransientFailures.retry("hypervisor-" + delegate.host(), maxAttempts, wait);
    }

    public RetryingHypervisor(Hypervisor delegate) {
        this(delegate, 3, Duration.ofMillis(500));
    }

    /** The undecorated hypervisor (a migration needs the destination's own). */
    public Hypervisor delegate() { return delegate; }

    @Override public String host() { return delegate.host(); }

    @Override
    public void ping() {
        probe(() -> {
            delegate.ping();
            return null;
        });
    }

    @Override
    public long libvirtVersion() {
        return probe(delegate::libvirtVersion);
    }

    @Override
    public Optional<String> runningDomainXml(String vm) {
        return probe(() -> delegate.runningDomainXml(vm));
    }

    @Override
    public List<String> runningDomainXmls() {
        return probe(delegate::runningDomainXmls);
    }

    @Override
    public List<String> inactiveDomainXmls() {
        return probe(delegate::inactiveDomainXmls);
    }

    @Override
    public List<DomainListing> domains() {
        return probe(delegate::domains);
    }

    @Override
    public Optional<String> networkXml(String network) {
        return probe(() -> delegate.networkXml(network));
    }

    @Override
    public DomainState domainState(String vm) {
        return probe(() -> delegate.domainState(vm));
    }

    @Override
    public void resume(String vm) {
        delegate.resume(vm);
    }

    @Override
    public void destroy(String vm) {
        delegate.destroy(vm);
    }

    @Override
    public void undefine(String vm) {
        delegate.undefine(vm);
    }

    @Override
    public List<String> orphanNetdevs(String vm) {
        return probe(() -> delegate.orphanNetdevs(vm));
    }

    @Override
    public Optional<String> startDirtyRateCalc(String vm, java.time.Duration period) {
        return probe(() -> delegate.startDirtyRateCalc(vm, period));
    }

    @Override
    public Optional<io.vfmigrate.ports.DirtyRate> dirtyRate(String vm) {
        return probe(() -> delegate.dirtyRate(vm));
    }

    /** Retried: it removes the backend only while QEMU still lists it as an orphan. */
    @Override
    public boolean removeOrphanNetdev(String vm, String id) {
        return probe(() -> delegate.removeOrphanNetdev(vm, id));
    }

    @Override
    public void attachDevice(String vm, String deviceXml) {
        delegate.attachDevice(vm, deviceXml);
    }

    @Override
    public void detachDevice(String vm, String deviceXml, String alias, Duration timeout) {
        delegate.detachDevice(vm, deviceXml, alias, timeout);
    }

    @Override
    public Optional<String> definedDomainXml(String vm) {
        return probe(() -> delegate.definedDomainXml(vm));
    }

    @Override
    public void migrateOffline(String vm, Hypervisor destination, String definition) {
        delegate.migrateOffline(vm, unwrap(destination), definition);
    }

    @Override
    public void migrate(String vm, Hypervisor destination, MigrationRequest request) {
        delegate.migrate(vm, unwrap(destination), request);
    }

    @Override
    public Optional<MigrationProgress> jobProgress(String vm) {
        return probe(() -> delegate.jobProgress(vm));
    }

    @Override
    public void abortJob(String vm) {
        delegate.abortJob(vm);
    }

    @Override
    public HostResources resources() {
        return probe(delegate::resources);
    }

    private <T> T probe(Supplier<T> call) {
        return retry.executeSupplier(() -> ReopenOnce.call(call));
    }

    static Hypervisor unwrap(Hypervisor hypervisor) {
        Hypervisor inner = hypervisor;
        while (inner instanceof RetryingHypervisor retrying) inner = retrying.delegate;
        return inner;
    }

    @Override public String toString() { return "retrying " + delegate; }
}
