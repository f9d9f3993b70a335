package io.vfmigrate.workflow.steps;

import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationStats;
import io.vfmigrate.workflow.RunContext;
import java.time.Duration;

/**
 * The migrate step's observer: passes progress and stop requests through to the run's controls, and
 * keeps the completed job's statistics as facts, so that they are journaled and in the run's report.
 */
final class StatsToFacts implements MigrationObserver {
    static final String PREFIX = "migration.";

    private final RunContext ctx;
    private final boolean tls;

    /** {@code tls}: the job was asked to encrypt its stream (kept with the statistics, for the report). */
    StatsToFacts(RunContext ctx, boolean tls) {
        this.ctx = ctx;
        this.tls = tls;
    }

    @Override public boolean stopRequested() { return ctx.controls().stopRequested().getAsBoolean(); }

    @Override public void progress(MigrationProgress progress, Duration allowedDowntime) {
        ctx.controls().observer().progress(progress, allowedDowntime);
    }

    @Override public void completed(MigrationStats s) {
        ctx.facts().put(PREFIX + "total-ms", Long.toString(s.totalMillis()));
        ctx.facts().put(PREFIX + "downtime-ms", Long.toString(s.downtimeMillis()));
        ctx.facts().put(PREFIX + "memory-transferred-bytes", Long.toString(s.memoryTransferredBytes()));
        ctx.facts().put(PREFIX + "iterations", Long.toString(s.iterations()));
        ctx.facts().put(PREFIX + "final-allowed-downtime-ms", Long.toString(s.finalAllowedDowntime().toMillis()));
        ctx.facts().put(PREFIX + "post-copy", s.postCopy() ? "yes" : "no");
        ctx.facts().put(PREFIX + "forced", s.forced() ? "yes" : "no");
        ctx.facts().put(PREFIX + "tls", tls ? "yes" : "no");
        ctx.facts().put(PREFIX + "throttle-percent", Integer.toString(s.throttlePercent()));
        ctx.controls().observer().completed(s);
    }
}
