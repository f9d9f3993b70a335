package io.vfmigrate.ports;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Everything the migrate step asks of the hypervisor. */
public record MigrationRequest(Optional<String> migrationUri, Set<Flag> flags, Optional<Duration> maxDowntime,
                               Optional<Long> bandwidthMiBps, Duration timeout) {
    public enum Flag { LIVE, PERSIST_DEST, UNDEFINE_SOURCE, ABORT_ON_ERROR, AUTO_CONVERGE, COMPRESSED }

    public MigrationRequest {
        flags = Set.copyOf(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
    }
}
