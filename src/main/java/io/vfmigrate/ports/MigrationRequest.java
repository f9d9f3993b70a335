package io.vfmigrate.ports;

import io.vfmigrate.migration.MigrationPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the migrate step asks of the hypervisor: where, with which flags, the convergence policy
 * (downtime escalation, bandwidth, auto-converge, parallel connections, timeouts and their action), an
 * overall hard {@code timeout}, and the observer that hears progress and may ask to stop.
 */
public record MigrationRequest(Optional<String> migrationUri, Set<Flag> flags, MigrationPolicy policy, Duration timeout,
                               MigrationObserver observer) {
    public enum Flag { LIVE, PERSIST_DEST, UNDEFINE_SOURCE, ABORT_ON_ERROR, AUTO_CONVERGE, COMPRESSED, TLS }

    public MigrationRequest {
        flags = Set.copyOf(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
    }

    /** The older form: one fixed downtime (no escalation) and a bandwidth, default policy otherwise. */
    public MigrationRequest(Optional<String> migrationUri, Set<Flag> flags, Optional<Duration> maxDowntime,
                            Optional<Long> bandwidthMiBps, Duration timeout) {
        this(migrationUri, flags, legacy(maxDowntime, bandwidthMiBps), timeout, MigrationObserver.NONE);
    }

    public Optional<Long> bandwidthMiBps() {
        return policy.bandwidthMiBps() > 0 ? Optional.of(policy.bandwidthMiBps()) : Optional.empty();
    }

    private static MigrationPolicy legacy(Optional<Duration> maxDowntime, Optional<Long> bandwidthMiBps) {
        MigrationPolicy d = MigrationPolicy.defaults();
        return new MigrationPolicy(maxDowntime.map(java.util.List::of).orElse(d.downtimeSchedule()), d.downtimeRaiseDelay(),
                bandwidthMiBps.orElse(0L), d.autoConverge(), d.autoConvergeInitial(), d.autoConvergeIncrement(),
                d.parallelConnections(), d.completionTimeoutPerGiB(), d.progressTimeout(), d.onTimeout(), d.tls());
    }
}
