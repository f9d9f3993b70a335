package io.vfmigrate.adapters.resilience;

import io.github.resilience4j.retry.Retry;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Retries {@link #ping} and {@link #enabledCommands} on transient failures (an agent that is not
 * connected yet right after a migration, say), and once more on a new connection when the libvirt connection
 * was lost ({@link ReopenOnce}). Guest commands run once: they need not be idempotent.
 */
public final class RetryingGuestAgent implements GuestAgent {
    private final GuestAgent delegate;
    private final Retry retry;

    public RetryingGuestAgent(GuestAgent delegate, int maxAttempts, Duration wait) {
        this.delegate = delegate;
        this.retry = TransientFailures.retry("guest-agent", maxAttempts, wait);
    }

    public RetryingGuestAgent(GuestAgent delegate) {
        this(delegate, 3, Duration.ofMillis(500));
    }

    @Override
    public void ping(String vm, Duration timeout) {
        retry.executeRunnable(() -> ReopenOnce.run(() -> delegate.ping(vm, timeout)));
    }

    @Override
    public Set<String> enabledCommands(String vm) {
        return retry.executeSupplier(() -> ReopenOnce.call(() -> delegate.enabledCommands(vm)));
    }

    @Override
    public GuestExecResult exec(String vm, List<String> argv, Duration timeout) {
        return delegate.exec(vm, argv, timeout);
    }

    @Override
    public long start(String vm, List<String> argv, Duration timeout) {
        return delegate.start(vm, argv, timeout);
    }

    @Override
    public Optional<GuestExecResult> status(String vm, long pid, Duration timeout) {
        return delegate.status(vm, pid, timeout);
    }

    @Override
    public Optional<Map<String, String>> readFiles(String vm, List<String> paths, Duration timeout) {
        return delegate.readFiles(vm, paths, timeout);
    }

    @Override
    public boolean writeFile(String vm, String path, String value, Duration timeout) {
        return delegate.writeFile(vm, path, value, timeout);
    }

    @Override
    public Optional<List<String>> interfaceList(String vm, Duration timeout) {
        return delegate.interfaceList(vm, timeout);
    }

    @Override public String toString() { return "retrying " + delegate; }
}
