package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.migration.MigrationPolicy;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationRequest;
import io.vfmigrate.ports.MigrationStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain.MigrateFlags;
import org.libvirt.DomainJobStats;
import org.libvirt.TypedIntParameter;
import org.libvirt.TypedParameter;
import org.libvirt.TypedUlongParameter;

class JobStatsTest {
    @Test
    void aRunningJobsMemoryFiguresAndDirtyRateInBytes() {
        TypedParameter[] stats = {new TypedUlongParameter("time_elapsed", 2000), new TypedUlongParameter("data_processed", 100),
                new TypedUlongParameter("data_remaining", 50), new TypedUlongParameter("memory_iteration", 3),
                new TypedUlongParameter("memory_bps", 1000), new TypedUlongParameter("memory_dirty_rate", 10),
                new TypedUlongParameter("memory_page_size", 4096)};
        assertEquals(Optional.of(new MigrationProgress(2000, 0, 100, 50, 3, 1000, 40960)), JobProgress.of(new DomainJobStats(2, stats)));
    }

    /** Auto-converge's throttle, an int in libvirt's job statistics: in the progress and in the completed job's figures. */
    @Test
    void theVcpuThrottleOfAutoConverge() {
        TypedParameter[] running = {new TypedUlongParameter("time_elapsed", 5000), new TypedUlongParameter("data_remaining", 50),
                new TypedIntParameter("auto_converge_throttle", 40)};
        assertEquals(40, JobProgress.of(new DomainJobStats(2, running)).orElseThrow().throttlePercent());
        TypedParameter[] completed = {new TypedUlongParameter("time_elapsed", 9000), new TypedIntParameter("auto_converge_throttle", 60)};
        MigrationStats stats = JobProgress.completed(new DomainJobStats(3, completed), Duration.ofMillis(500), false).orElseThrow();
        assertEquals(60, stats.throttlePercent());
        assertEquals(70, stats.withThrottle(70).throttlePercent(), "the highest seen while it ran, when higher");
        assertEquals(60, stats.withThrottle(30).throttlePercent());
    }

    @Test
    void aCompletedJobsStatisticsWithWhatTheCoordinatorSet() {
        TypedParameter[] stats = {new TypedUlongParameter("time_elapsed", 2300), new TypedUlongParameter("downtime", 42),
                new TypedUlongParameter("memory_processed", 268435456), new TypedUlongParameter("memory_iteration", 4)};
        assertEquals(Optional.of(new MigrationStats(2300, 42, 268435456, 4, Duration.ofMillis(200), false, true)),
                JobProgress.completed(new DomainJobStats(3, stats), Duration.ofMillis(200), true));
        assertEquals(Optional.empty(), JobProgress.completed(new DomainJobStats(2, stats), Duration.ofMillis(200), false),
                "a job still running is not completed");
    }

    @Test
    void thePolicysParametersAndFlags() {
        MigrationPolicy d = MigrationPolicy.defaults();
        MigrationPolicy p = new MigrationPolicy(d.downtimeSchedule(), d.downtimeRaiseDelay(), 100, true, 30, 5, 4,
                d.completionTimeoutPerGiB(), d.progressTimeout(), d.onTimeout(), false);
        MigrationRequest r = new MigrationRequest(Optional.of("tcp://198.18.0.12"), Set.of(MigrationRequest.Flag.LIVE), p, Duration.ofMinutes(1),
                MigrationObserver.NONE);
        List<String> fields = java.util.Arrays.stream(LiveMigration.parameters("vm1", r)).map(t -> t.field + "=" + t.getValueAsString()).toList();
        assertEquals(List.of("migrate_uri=tcp://198.18.0.12", "bandwidth=100", "auto_converge.initial=30", "auto_converge.increment=5",
                "parallel.connections=4"), fields);
        assertEquals(MigrateFlags.LIVE | MigrateFlags.AUTO_CONVERGE | MigrateFlags.PARALLEL, LiveMigration.flags(r));
    }
}
