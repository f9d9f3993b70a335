package io.vfmigrate.app;

import io.vfmigrate.ports.Leases;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Renews a run's leases while it lives, so that only a dead coordinator's leases expire. */
final class LeaseKeeper implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LeaseKeeper.class);
    private final ScheduledExecutorService timer;

    LeaseKeeper(Leases leases, String runId, Duration ttl) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-keeper-" + runId);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, ttl.toMillis() / 3);
        timer.scheduleAtFixedRate(() -> {
            try {
                leases.renew(runId, ttl);
            } catch (RuntimeException e) {
                LOG.warn("could not renew the leases of run {}: {}", runId, e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override public void close() { timer.shutdownNow(); }
}
