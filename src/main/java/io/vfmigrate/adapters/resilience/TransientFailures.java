package io.vfmigrate.adapters.resilience;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import java.time.Duration;
import java.util.Set;

/** Which failures of an idempotent probe are worth another attempt, and the retry built on that. */
final class TransientFailures {
    /**
     * internal error (libvirt's "client socket is closed"), no connection, invalid connection, system
     * error (connection reset), RPC, operation timeout, resource busy, agent unresponsive / unsynced /
     * command timeout. Not: no such domain or network, invalid XML, unsupported, denied.
     */
    private static final Set<Integer> LIBVIRT_CODES = Set.of(1, 5, 6, 38, 39, 68, 87, 86, 97, 112);
    /** libvirt's internal error: also what a dead connection's "client socket is closed" is. */
    private static final int INTERNAL_ERROR = 1;

    private TransientFailures() {}

    static boolean isTransient(Throwable t) {
        if (!(t instanceof FailureException e)) return false;
        Failure failure = e.failure();
        return failure instanceof Failure.Timeout
                || failure instanceof Failure.AgentUnavailable
                || failure instanceof Failure.LibvirtError error && LIBVIRT_CODES.contains(error.code());
    }

    /**
     * A lost connection, an unreachable host, or a libvirt error of the kinds a failed connect gives. A lost
     * connection ({@code ConnectionLost}) is not transient itself: {@link ReopenOnce} repeats the probe once.
     */
    static boolean isConnectionFailure(Failure failure) {
        return Failure.outOfReach(failure) || failure instanceof Failure.LibvirtError error && error.code() == INTERNAL_ERROR;
    }

    static Retry retry(String name, int maxAttempts, Duration wait) {
        if (maxAttempts < 1) throw new IllegalArgumentException("retry " + name + " needs at least one attempt, not " + maxAttempts);
        return Retry.of(name, RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .waitDuration(wait)
                .retryOnException(TransientFailures::isTransient)
                .build());
    }
}
