package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.MigrationRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.libvirt.Domain;
import org.libvirt.Domain.DomainMigrateParameters;
import org.libvirt.Domain.MigrateFlags;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;
import org.libvirt.TypedUlongParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live migration through virDomainMigrate3 (the client drives it between the two connections).
 * The blocking call runs on its own thread; this one enforces the timeout (abortJob when exceeded)
 * and sets the maximum downtime once the job is running.
 */
final class LiveMigration {
    private static final Logger log = LoggerFactory.getLogger(LiveMigration.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Duration ABORT_GRACE = Duration.ofSeconds(30);
    private static final Map<MigrationRequest.Flag, Integer> FLAGS = Map.of(
            MigrationRequest.Flag.LIVE, MigrateFlags.LIVE,
            MigrationRequest.Flag.PERSIST_DEST, MigrateFlags.PERSIST_DEST,
            MigrationRequest.Flag.UNDEFINE_SOURCE, MigrateFlags.UNDEFINE_SOURCE,
            MigrationRequest.Flag.ABORT_ON_ERROR, MigrateFlags.ABORT_ON_ERROR,
            MigrationRequest.Flag.AUTO_CONVERGE, MigrateFlags.AUTO_CONVERGE,
            MigrationRequest.Flag.COMPRESSED, MigrateFlags.COMPRESSED);

    private final LibvirtConnection source;
    private final LibvirtConnection destination;

    LiveMigration(LibvirtConnection source, LibvirtConnection destination) {
        this.source = source;
        this.destination = destination;
    }

    void migrate(String vm, MigrationRequest request) {
        Domain domain = lookup(vm);
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "migrate-" + vm);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Void> job = runner.submit(() -> {
                start(domain, vm, request);
                return null;
            });
            await(domain, vm, job, request);
        } finally {
            runner.shutdown();
            LibvirtConnection.free(domain);
        }
    }

    /** Runs on the migration thread, so that a libvirt error is read on the thread that got it. */
    private void start(Domain domain, String vm, MigrationRequest request) {
        try {
            LibvirtConnection.free(domain.migrate(destination.connect(), parameters(vm, request), flags(request)));
        } catch (LibvirtException e) {
            throw LibvirtFailures.of(source.host(), e);
        }
    }

    private void await(Domain domain, String vm, Future<Void> job, MigrationRequest request) {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        boolean downtimePending = request.maxDowntime().isPresent();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (abortedInTime(domain, vm, job)) throw timedOut(vm, request.timeout());
                return;
            }
            try {
                job.get(downtimePending ? Math.min(left, POLL_NANOS) : left, TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException stillRunning) {
                if (downtimePending) downtimePending = !applyMaxDowntime(domain, vm, request.maxDowntime().get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof FailureException failure) throw failure;
                throw new IllegalStateException("migration of " + vm + " from " + source.host() + " failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abortQuietly(domain, vm);
                throw new FailureException(new Failure.Interrupted("migrating " + vm + " from " + source.host()));
            }
        }
    }

    /** True once set (or given up on); false while the job has not started yet. */
    private boolean applyMaxDowntime(Domain domain, String vm, Duration maxDowntime) {
        try {
            if (domain.getJobStats(0).type == 0) return false;
            domain.migrateSetMaxDowntime(maxDowntime.toMillis());
            log.debug("maximum downtime of the migration of {} set to {} ms", vm, maxDowntime.toMillis());
        } catch (LibvirtException e) {
            log.warn("could not set the maximum downtime of the migration of {} to {} ms: {}", vm, maxDowntime.toMillis(), e.getMessage());
        }
        return true;
    }

    /** Aborts the job; false when the migration completed all the same (the abort came too late). */
    private boolean abortedInTime(Domain domain, String vm, Future<Void> job) {
        abortQuietly(domain, vm);
        try {
            job.get(ABORT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            log.warn("the migration of {} completed although its timeout had passed", vm);
            return false;
        } catch (ExecutionException | TimeoutException expected) {
            return true; // failed as aborted, or still unwinding: the timeout is what we report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private FailureException timedOut(String vm, Duration timeout) {
        return new FailureException(new Failure.Timeout("migration of " + vm + " from " + source.host() + " to " + destination.host(), timeout));
    }

    private void abortQuietly(Domain domain, String vm) {
        try {
            domain.abortJob();
        } catch (LibvirtException e) {
            log.warn("aborting the migration job of {} on {} failed: {}", vm, source.host(), e.getMessage());
        }
    }

    private Domain lookup(String vm) {
        try {
            return source.domain(vm);
        } catch (LibvirtException e) {
            throw LibvirtFailures.of(source.host(), e);
        }
    }

    /** At least one parameter always: libvirt-java fails on an empty array (ArrayIndexOutOfBounds). */
    static TypedParameter[] parameters(String vm, MigrationRequest request) {
        List<TypedParameter> params = new ArrayList<>();
        request.migrationUri().ifPresent(uri -> params.add(new TypedStringParameter(DomainMigrateParameters.VIR_MIGRATE_PARAM_URI, uri)));
        request.bandwidthMiBps().ifPresent(mibps -> params.add(new TypedUlongParameter(DomainMigrateParameters.VIR_MIGRATE_PARAM_BANDWIDTH, mibps)));
        if (params.isEmpty()) params.add(new TypedStringParameter(DomainMigrateParameters.VIR_MIGRATE_PARAM_DEST_NAME, vm));
        return params.toArray(new TypedParameter[0]);
    }

    static long flags(MigrationRequest request) {
        long flags = 0;
        for (MigrationRequest.Flag flag : request.flags()) flags |= FLAGS.get(flag);
        return flags;
    }
}
