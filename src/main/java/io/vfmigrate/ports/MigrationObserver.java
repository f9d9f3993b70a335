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

    /** All of them, in order; a stop is requested when one of them requests it. */
    static MigrationObserver of(java.util.List<MigrationObserver> observers) {
        java.util.List<MigrationObserver> all = java.util.List.copyOf(observers);
        return new MigrationObserver() {
            @Override public boolean stopRequested() { return all.stream().anyMatch(MigrationObserver::stopRequested); }

            @Override public void progress(MigrationProgress progress, Duration allowedDowntime) {
                all.forEach(o -> o.progress(progress, allowedDowntime));
            }

            @Override public void completed(MigrationStats stats) { all.forEach(o -> o.completed(stats)); }
        };
    }
}
