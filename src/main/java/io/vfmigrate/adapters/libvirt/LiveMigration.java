package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.migration.ConvergenceWatch;
import io.vfmigrate.migration.DowntimeEscalation;
import io.vfmigrate.migration.MigrationPolicy;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationRequest;
import io.vfmigrate.ports.MigrationStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.libvirt.Domain;
import org.libvirt.Domain.DomainMigrateParameters;
import org.libvirt.Domain.MigrateFlags;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.TypedIntParameter;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;
import org.libvirt.TypedUlongParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live migration through virDomainMigrate3 (the client drives it between the two connections).
 * The blocking call runs on its own thread; this one drives the policy: the allowed downtime raised
 * along its schedule as memory iterations pass, the completion and progress timeouts (abortJob, or
 * pause the VM to force completion), the hard timeout, a stop asked by a signal (abortJob), progress
 * to the observer about once a second, and the completed job's statistics at the end.
 */
final class LiveMigration {
    private static final Logger log = LoggerFactory.getLogger(LiveMigration.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Duration ABORT_GRACE = Duration.ofSeconds(30);
    private static final Map<MigrationRequest.Flag, Integer> FLAGS = Map.of(
            MigrationRequest.Flag.TLS, MigrateFlags.TLS,
            MigrationRequest.Flag.LIVE, MigrateFlags.LIVE,
            MigrationRequest.Flag.PERSIST_DEST, MigrateFlags.PERSIST_DEST,
            MigrationRequest.Flag.UNDEFINE_SOURCE, MigrateFlags.UNDEFINE_SOURCE,
            MigrationRequest.Flag.ABORT_ON_ERROR, MigrateFlags.ABORT_ON_ERROR,
            MigrationRequest.Flag.AUTO_CONVERGE, MigrateFlags.AUTO_CONVERGE,
            MigrationRequest.Flag.COMPRESSED, MigrateFlags.COMPRESSED);

    private final LibvirtConnection source;
    private final LibvirtConnection destination;
    /** How long a progress read may take before the source's connection counts as lost (keepalive's own limit). */
    private final Duration answerTimeout;
    /** Progress reads, one at a time; a read that never returns keeps this daemon thread and nothing else. */
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "migration-progress");
        t.setDaemon(true);
        return t;
    });

    LiveMigration(LibvirtConnection source, LibvirtConnection destination, Duration answerTimeout) {
        this.source = source;
        this.destination = destination;
        this.answerTimeout = answerTimeout;
    }

    void migrate(String vm, MigrationRequest request) {
        Domain domain = lookup(vm);
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "migrate-" + vm);
            t.setDaemon(true);
            return t;
        });
        try {
            // Before the job starts, so that QEMU's own 300 ms never applies, not even to a first pass that ends before the job's
            // first progress read (a loaded host answers that read late). Where it fails, the first read sets it as before.
            boolean preset = setDowntime(domain, vm, request.policy().initialDowntime());
            Future<Void> job = runner.submit(() -> {
                start(domain, vm, request);
                return null;
            });
            await(domain, vm, job, request, preset);
        } finally {
            runner.shutdown();
            reader.shutdown();
            LibvirtConnection.free(domain);
        }
    }

    /** Runs on the migration thread, so that a libvirt error is read on the thread that got it. */
    private void start(Domain domain, String vm, MigrationRequest request) {
        try {
            LibvirtConnection.free(domain.migrate(destination.connect(), parameters(vm, request), flags(request)));
        } catch (LibvirtException e) {
            // libvirt reports through the source's connection what either side refused (a bridge missing on the destination
            // comes back from the source's call): the error names both hosts, never the source alone
            throw LibvirtFailures.of(source.host() + " -> " + destination.host() + " (either side)", e);
        }
    }

    private void await(Domain domain, String vm, Future<Void> job, MigrationRequest request, boolean preset) {
        MigrationPolicy policy = request.policy();
        MigrationObserver observer = request.observer();
        Instant start = Instant.now();
        long hardDeadline = System.nanoTime() + request.timeout().toNanos();
        DowntimeEscalation escalation = DowntimeEscalation.of(policy, start);
        ConvergenceWatch watch = ConvergenceWatch.of(policy, memoryBytes(domain, vm), start);
        boolean started = preset;
        boolean forced = false;
        boolean switchingOver = false;
        int throttle = 0;
        Instant reported = start;
        while (true) {
            try {
                job.get(POLL_NANOS, TimeUnit.NANOSECONDS);
                finished(domain, vm, escalation.current(), forced, throttle, observer);
                return;
            } catch (TimeoutException stillRunning) {
                // checks below
            } catch (ExecutionException e) {
                if (forced) resumeQuietly(domain, vm);
                if (e.getCause() instanceof FailureException failure) throw failure;
                throw new IllegalStateException("migration of " + vm + " from " + source.host() + " failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abortQuietly(domain, vm);
                throw new FailureException(new Failure.Interrupted("migrating " + vm + " from " + source.host()));
            }
            if (observer.stopRequested() || System.nanoTime() - hardDeadline >= 0) {
                boolean signal = observer.stopRequested();
                if (abortedInTime(domain, vm, job)) {
                    if (forced) resumeQuietly(domain, vm);
                    throw signal ? new FailureException(new Failure.Interrupted("migrating " + vm + " (stopped by a signal, job aborted)"))
                            : timedOut(vm, request.timeout());
                }
                finished(domain, vm, escalation.current(), forced, throttle, observer);
                return;
            }
            if (switchingOver) continue;
            Optional<MigrationProgress> progress = progress(domain);
            if (progress.isEmpty()) continue; // the job has not started yet
            throttle = Math.max(throttle, progress.get().throttlePercent());
            // All memory sent: the switch-over. From here libvirt holds the domain while it ends the migration
            // (the destination resumes, the source QEMU stops), a job-stats call only waits for that, and waiting
            // calls hold up other VMs' calls to this daemon (measured: 0.4-1.4 s). Nothing is left to steer.
            if (progress.get().dataRemainingBytes() == 0 && progress.get().dataProcessedBytes() > 0) switchingOver = true;
            Instant now = Instant.now();
            if (!started) started = setDowntime(domain, vm, escalation.current());
            escalation.observe(now, progress.get().memoryIteration()).ifPresent(d -> setDowntime(domain, vm, d));
            Optional<ConvergenceWatch.Expiry> expiry = forced ? Optional.empty()
                    : watch.observe(now, Optional.of(progress.get().dataRemainingBytes()).filter(r -> r > 0));
            if (expiry.isPresent()) {
                String why = watch.describe(expiry.get());
                if (policy.onTimeout() == MigrationPolicy.OnTimeout.ABORT) {
                    if (abortedInTime(domain, vm, job)) throw new FailureException(new Failure.Timeout("migration of " + vm
                            + " from " + source.host() + " to " + destination.host() + " (" + why + ")", watch.completionTimeout()));
                    finished(domain, vm, escalation.current(), false, throttle, observer);
                    return;
                }
                forced = suspend(domain, vm, why);
            }
            if (Duration.between(reported, now).toMillis() >= 1000) {
                reported = now;
                observer.progress(progress.get(), escalation.current());
            }
        }
    }

    /**
     * The job's progress, read within {@link #answerTimeout}. A connection black-holed mid-migration can leave a call
     * waiting for good even with keepalive on (seen on the lab: a job-stats call still waiting after ten minutes, the
     * migration call itself long ended), so a read without an answer in time ends the migration step as a lost
     * connection, and the run decides from what the hosts say once they answer.
     */
    private Optional<MigrationProgress> progress(Domain domain) {
        Future<Optional<MigrationProgress>> read = reader.submit(() -> {
            try {
                return JobProgress.of(domain.getJobStats(0));
            } catch (LibvirtException e) {
                return Optional.<MigrationProgress>empty();
            }
        });
        try {
            return read.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new FailureException(new Failure.ConnectionLost(source.host(), "libvirt did not answer a read of the migration's progress within "
                    + Durations.format(answerTimeout)));
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the migration's progress failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailureException(new Failure.Interrupted("reading the progress of the migration from " + source.host()));
        }
    }

    private long memoryBytes(Domain domain, String vm) {
        try {
            return domain.getMaxMemory() * 1024;
        } catch (LibvirtException e) {
            log.warn("could not read the memory size of {}: {}; the completion timeout counts 1 GiB", vm, e.getMessage());
            return 1L << 30;
        }
    }

    /** Sets the downtime allowed now on the running job; false when it could not (tried again on the next poll). */
    private boolean setDowntime(Domain domain, String vm, Duration downtime) {
        try {
            domain.migrateSetMaxDowntime(downtime.toMillis());
            log.info("allowed downtime of the migration of {} set to {} ms", vm, downtime.toMillis());
            return true;
        } catch (LibvirtException e) {
            log.warn("could not set the allowed downtime of the migration of {} to {} ms: {}", vm, downtime.toMillis(), e.getMessage());
            return false;
        }
    }

    /** The `force` action: the VM is paused on the source so the migration completes (libvirt resumes it on the destination). */
    private boolean suspend(Domain domain, String vm, String why) {
        try {
            domain.suspend();
            log.warn("migration of {}: {}; the VM is paused so that the migration completes (on-timeout: force)", vm, why);
            return true;
        } catch (LibvirtException e) {
            log.warn("migration of {}: {}; pausing the VM failed: {}", vm, why, e.getMessage());
            return false;
        }
    }

    private void resumeQuietly(Domain domain, String vm) {
        try {
            domain.resume();
        } catch (LibvirtException e) {
            log.warn("resuming {} on {} after a forced migration that failed: {}", vm, source.host(), e.getMessage());
        }
    }

    /**
     * After completion: a VM paused to force the migration runs again on the destination, and the
     * completed job's statistics are read (from the source, else the destination) for the run's report.
     */
    private void finished(Domain domain, String vm, Duration allowed, boolean forced, int throttle, MigrationObserver observer) {
        Optional<MigrationStats> stats = completedStats(domain, allowed, forced);
        Domain arrived = null;
        try {
            arrived = destination.domain(vm);
            if (stats.isEmpty()) stats = JobProgress.completed(arrived.getJobStats(DomainStates.COMPLETED_KEPT), allowed, forced);
            if (forced && arrived.getInfo().state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED) arrived.resume();
        } catch (LibvirtException e) {
            log.warn("after the migration of {}: {}", vm, e.getMessage());
        } finally {
            if (arrived != null) LibvirtConnection.free(arrived);
        }
        observer.completed(stats.orElse(new MigrationStats(0, 0, 0, 0, allowed, false, forced)).withThrottle(throttle));
    }

    private static Optional<MigrationStats> completedStats(Domain domain, Duration allowed, boolean forced) {
        try {
            return JobProgress.completed(domain.getJobStats(DomainStates.COMPLETED_KEPT), allowed, forced);
        } catch (LibvirtException e) {
            return Optional.empty(); // undefined on the source already: the destination is asked
        }
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
            // libvirt reports through the source's connection what either side refused (a bridge missing on the destination
            // comes back from the source's call): the error names both hosts, never the source alone
            throw LibvirtFailures.of(source.host() + " -> " + destination.host() + " (either side)", e);
        }
    }

    /** At least one parameter always: libvirt-java fails on an empty array (ArrayIndexOutOfBounds). */
    static TypedParameter[] parameters(String vm, MigrationRequest request) {
        List<TypedParameter> params = new ArrayList<>();
        request.migrationUri().ifPresent(uri -> params.add(new TypedStringParameter(DomainMigrateParameters.VIR_MIGRATE_PARAM_URI, uri)));
        request.bandwidthMiBps().ifPresent(mibps -> params.add(new TypedUlongParameter(DomainMigrateParameters.VIR_MIGRATE_PARAM_BANDWIDTH, mibps)));
        MigrationPolicy policy = request.policy();
        if (policy.autoConverge()) {
            params.add(new TypedIntParameter(DomainMigrateParameters.VIR_MIGRATE_PARAM_AUTO_CONVERGE_INITIAL, policy.autoConvergeInitial()));
            params.add(new TypedIntParameter(DomainMigrateParameters.VIR_MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT, policy.autoConvergeIncrement()));
        }
        if (policy.parallelConnections() > 1) {
            params.add(new TypedIntParameter(DomainMigrateParameters.VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS, policy.parallelConnections()));
        }
        if (params.isEmpty()) params.add(new TypedStringParameter(DomainMigrateParameters.VIR_MIGRATE_PARAM_DEST_NAME, vm));
        return params.toArray(new TypedParameter[0]);
    }

    static long flags(MigrationRequest request) {
        long flags = 0;
        for (MigrationRequest.Flag flag : request.flags()) flags |= FLAGS.get(flag);
        if (request.policy().autoConverge()) flags |= MigrateFlags.AUTO_CONVERGE;
        if (request.policy().tls()) flags |= MigrateFlags.TLS;
        if (request.policy().parallelConnections() > 1) flags |= MigrateFlags.PARALLEL;
        return flags;
    }
}
