package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.migration.MigrationPolicy;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The migration policy's {@code tls} as the bit libvirt reads: VIR_MIGRATE_TLS = 1 << 16 in virDomainMigrateFlags. */
class TlsMigrationFlagTest {
    static final long VIR_MIGRATE_TLS = 1L << 16;

    static MigrationRequest request(String tls, Set<MigrationRequest.Flag> flags) {
        MigrationPolicy policy = PolicyLayers.resolve(List.of(new PolicyLayers.Layer("test", Map.of("tls", tls, "auto-converge", "no")))).policy();
        return new MigrationRequest(Optional.of("tcp://198.18.0.12"), flags, policy, Duration.ofMinutes(1), MigrationObserver.NONE);
    }

    @Test
    void tlsYesSetsTheBitInTheLibvirtCall() {
        long flags = LiveMigration.flags(request("yes", Set.of(MigrationRequest.Flag.LIVE)));
        assertEquals(VIR_MIGRATE_TLS, flags & VIR_MIGRATE_TLS);
        assertEquals(1L, flags & 1L, "VIR_MIGRATE_LIVE kept");
    }

    @Test
    void tlsNoLeavesItClear() {
        long flags = LiveMigration.flags(request("no", EnumSet.complementOf(EnumSet.of(MigrationRequest.Flag.TLS))));
        assertEquals(0L, flags & VIR_MIGRATE_TLS);
    }

    @Test
    void theTlsFlagOfTheRequestIsTheSameBit() {
        assertEquals(VIR_MIGRATE_TLS, LiveMigration.flags(request("no", Set.of(MigrationRequest.Flag.TLS))));
    }
}
