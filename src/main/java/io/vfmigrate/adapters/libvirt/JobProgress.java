package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.ports.MigrationProgress;
import java.util.Optional;
import org.libvirt.DomainJobStats;
import org.libvirt.TypedParameter;

/** Reads a running job out of virDomainGetJobStats' typed parameters. */
final class JobProgress {
    private static final int JOB_BOUNDED = 1;
    private static final int JOB_UNBOUNDED = 2;

    private JobProgress() {}

    static Optional<MigrationProgress> of(DomainJobStats stats) {
        if (stats == null || (stats.type != JOB_BOUNDED && stats.type != JOB_UNBOUNDED)) return Optional.empty();
        TypedParameter[] params = stats.stats == null ? new TypedParameter[0] : stats.stats;
        return Optional.of(new MigrationProgress(value(params, "time_elapsed"), value(params, "data_total"),
                value(params, "data_processed"), value(params, "data_remaining")));
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
