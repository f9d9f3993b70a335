package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationStats;
import java.time.Duration;
import java.util.Optional;
import org.libvirt.DomainJobStats;
import org.libvirt.TypedParameter;

/** Reads a running job out of virDomainGetJobStats' typed parameters. */
final class JobProgress {
    private static final int JOB_BOUNDED = 1;
    private static final int JOB_UNBOUNDED = 2;
    private static final int JOB_COMPLETED = 3;
    /** VIR_DOMAIN_JOB_AUTO_CONVERGE_THROTTLE: the vCPU throttle (%) auto-converge applies now. */
    static final String THROTTLE = "auto_converge_throttle";

    private JobProgress() {}

    static Optional<MigrationProgress> of(DomainJobStats stats) {
        if (stats == null || (stats.type != JOB_BOUNDED && stats.type != JOB_UNBOUNDED)) return Optional.empty();
        TypedParameter[] params = params(stats);
        return Optional.of(new MigrationProgress(value(params, "time_elapsed"), value(params, "data_total"),
                value(params, "data_processed"), value(params, "data_remaining"), value(params, "memory_iteration"),
                value(params, "memory_bps"), value(params, "memory_dirty_rate") * pageSize(params), (int) value(params, THROTTLE)));
    }

    /** A completed job's statistics (type VIR_DOMAIN_JOB_COMPLETED), else empty. */
    static Optional<MigrationStats> completed(DomainJobStats stats, Duration finalAllowed, boolean forced) {
        if (stats == null || stats.type != JOB_COMPLETED) return Optional.empty();
        TypedParameter[] params = params(stats);
        return Optional.of(new MigrationStats(value(params, "time_elapsed"), value(params, "downtime"),
                value(params, "memory_processed"), value(params, "memory_iteration"), finalAllowed,
                value(params, "memory_postcopy_requests") > 0, forced, (int) value(params, THROTTLE)));
    }

    /** The statistics' typed parameters, none when libvirt gave none. */
    static TypedParameter[] params(DomainJobStats stats) { return stats.stats == null ? new TypedParameter[0] : stats.stats; }

    private static long pageSize(TypedParameter[] params) {
        long size = value(params, "memory_page_size");
        return size > 0 ? size : 4096;
    }

    static long value(TypedParameter[] params, String field) {
        for (TypedParameter p : params) {
            if (field.equals(p.field)) {
                try {
                    return Long.parseLong(p.getValueAsString().trim());
                } catch (RuntimeException notANumber) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
