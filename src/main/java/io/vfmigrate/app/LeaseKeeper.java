package io.vfmigrate.app;

import io.vfmigrate.ports.Leases;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews a run's leases while it lives, so that only a dead coordinator's leases expire. Each renewal
 * is fenced: once the run's lease was taken over, renewing stops (and the run's next journal write
 * stops the run).
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LeaseKeeper.class);
    private final ScheduledExecutorService timer;

    public LeaseKeeper(Leases leases, Leases.Fence fence, Duration ttl) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-keeper-" + fence.runId());
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, ttl.toMillis() / 3);
        timer.scheduleAtFixedRate(() -> {
            try {
                if (!leases.renew(fence, ttl)) {
                    LOG.warn("lost the lease of run {} (generation {}): another coordinator took it over", fence.runId(), fence.generation());
                    timer.shutdown();
                }
            } catch (RuntimeException e) {
                LOG.warn("could not renew the leases of run {}: {}", fence.runId(), e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Keeps the lease that the parent record {@code record} (an evacuation, a rolling) holds on its pseudo-VM; refused when
     * another coordinator took it over meanwhile.
     */
    public static LeaseKeeper ofParent(Services s, io.vfmigrate.model.RunRecord record, String what) {
        Leases.Fence fence = s.leases().fence(Leases.vmKey(record.vm()), record.id(), s.coordinator())
                .orElseThrow(() -> new io.vfmigrate.config.ConfigException("the lease of " + what + " " + record.id() + " was taken over meanwhile"));
        return new LeaseKeeper(s.leases(), fence, s.leaseTtl());
    }

    @Override public void close() { timer.shutdownNow(); }
}
