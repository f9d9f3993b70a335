package io.vfmigrate.adapters.resilience;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import java.util.function.Supplier;

/**
 * A probe whose connection was lost ({@code ConnectionLost}: the adapter dropped it) goes once more, on the
 * connection that the adapter opens anew; lost again, or not opened, the host is unreachable
 * ({@code HostUnreachable}, which no retry repeats). Any other answer of the second attempt is the answer.
 */
final class ReopenOnce {
    private ReopenOnce() {}

    static <T> T call(Supplier<T> probe) {
        try {
            return probe.get();
        } catch (FailureException e) {
            if (!(e.failure() instanceof Failure.ConnectionLost lost)) throw e;
            try {
                return probe.get();
            } catch (FailureException again) {
                if (!TransientFailures.isConnectionFailure(again.failure()) || again.failure() instanceof Failure.HostUnreachable) throw again;
                FailureException unreachable = new FailureException(new Failure.HostUnreachable(lost.host(), "libvirt",
                        "the connection was lost (" + lost.cause() + ") and reopening it failed: " + again.failure().message()), again);
                unreachable.addSuppressed(e);
                throw unreachable;
            }
        }
    }

    static void run(Runnable probe) {
        call(() -> {
            probe.run();
            return null;
        });
    }
}
