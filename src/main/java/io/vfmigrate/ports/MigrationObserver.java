package io.vfmigrate.ports;

import java.time.Duration;

/** What the run asks of and hears from a running migration; no-ops by default. */
public interface MigrationObserver {
    /** Polled while the job runs: true once the operator asked the run to stop (the job is then aborted). */
    default boolean stopRequested() { return false; }

    /** About once a second while the job runs, with the downtime allowed now. */
    default void progress(MigrationProgress progress, Duration allowedDowntime) {}

    /** Once the job completed, with its statistics as far as the hypervisor reported them. */
    default void completed(MigrationStats stats) {}

    MigrationObserver NONE = new MigrationObserver() {};
}
