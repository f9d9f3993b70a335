package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.fakes.DomainXml;
import io.vfmigrate.migration.MigrationPolicy;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationRequest;
import io.vfmigrate.ports.MigrationRequest.Flag;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain.MigrateFlags;
import org.libvirt.DomainJobStats;
import org.libvirt.TypedParameter;
import org.libvirt.TypedUlongParameter;

/** The pure parts of the libvirt adapter: parameters, flags, capabilities, job stats, device aliases. */
class LibvirtHelpersTest {
    @Test
    void migrationParametersCarryUriAndBandwidth() {
        MigrationRequest request = new MigrationRequest(Optional.of("tcp://198.18.0.12"), Set.of(Flag.LIVE),
                Optional.of(Duration.ofMillis(300)), Optional.of(100L), Duration.ofMinutes(2));
        TypedParameter[] params = LiveMigration.parameters("vm1", request);
        // and auto-converge's throttle, on by default
        assertEquals(List.of("migrate_uri=tcp://198.18.0.12", "bandwidth=100", "auto_converge.initial=20", "auto_converge.increment=10"),
                Arrays.stream(params).map(p -> p.field + "=" + p.getValueAsString()).toList());
    }

    @Test
    void migrationParametersAreNeverEmpty() {
        MigrationPolicy noThrottle = io.vfmigrate.migration.PolicyLayers.resolve(List.of(
                new io.vfmigrate.migration.PolicyLayers.Layer("test", Map.of("auto-converge", "no")))).policy();
        MigrationRequest request = new MigrationRequest(Optional.empty(), Set.of(), noThrottle, Duration.ofMinutes(2), MigrationObserver.NONE);
        TypedParameter[] params = LiveMigration.parameters("vm1", request);
        assertEquals(List.of("destination_name=vm1"), Arrays.stream(params).map(p -> p.field + "=" + p.getValueAsString()).toList());
    }

    @Test
    void migrationFlagsMapOneToOne() {
        MigrationRequest request = new MigrationRequest(Optional.empty(), EnumSet.allOf(Flag.class), Optional.empty(), Optional.empty(), Duration.ofMinutes(2));
        long expected = MigrateFlags.LIVE | MigrateFlags.PERSIST_DEST | MigrateFlags.UNDEFINE_SOURCE | MigrateFlags.ABORT_ON_ERROR
                | MigrateFlags.AUTO_CONVERGE | MigrateFlags.COMPRESSED | MigrateFlags.TLS;
        assertEquals(expected, LiveMigration.flags(request));
        // the default policy turns auto-converge on, whatever the step's flags say
        assertEquals(MigrateFlags.LIVE | MigrateFlags.AUTO_CONVERGE,
                LiveMigration.flags(new MigrationRequest(Optional.empty(), Set.of(Flag.LIVE), Optional.empty(), Optional.empty(), Duration.ZERO)));
    }

    @Test
    void numaCellsAndTheirCpusComeFromTheCapabilities() {
        String caps = "<capabilities><host><uuid>x</uuid><topology><cells num='2'>"
                + "<cell id='0'><memory unit='KiB'>100</memory><cpus num='2'><cpu id='0' socket_id='0'/><cpu id='2'/></cpus></cell>"
                + "<cell id='1'><cpus num='2'><cpu id='1'/><cpu id='3'/><cpu id='x'/></cpus></cell>"
                + "</cells></topology></host></capabilities>";
        assertEquals(Map.of(0, Set.of(0, 2), 1, Set.of(1, 3)), NumaTopology.cpusByNode(caps));
        assertEquals(Map.of(), NumaTopology.cpusByNode("<capabilities><host/></capabilities>"));
    }

    @Test
    void jobStatsOfARunningJobBecomeProgress() {
        TypedParameter[] stats = {new TypedUlongParameter("time_elapsed", 1500), new TypedUlongParameter("data_total", 268435456),
                new TypedUlongParameter("data_processed", 1000), new TypedUlongParameter("data_remaining", 268434456)};
        assertEquals(Optional.of(new MigrationProgress(1500, 268435456, 1000, 268434456)), JobProgress.of(new DomainJobStats(2, stats)));
        assertEquals(Optional.empty(), JobProgress.of(new DomainJobStats(0, new TypedParameter[0])));
    }

    @Test
    void findsADeviceByItsAlias() {
        String xml = DomainXml.domain("vm1", DomainXml.bridgeNic("52:54:00:00:00:01", "br0", "evf0", "net0"),
                DomainXml.macvtap("52:54:00:00:00:01", "br0", "ua-tmp0"));
        assertTrue(DeviceDetach.hasDeviceAlias(xml, "ua-tmp0"));
        assertTrue(DeviceDetach.hasDeviceAlias(xml, "net0"));
        assertFalse(DeviceDetach.hasDeviceAlias(xml, "ua-tmp"));
        assertFalse(DeviceDetach.hasDeviceAlias("<domain><name>x</name><alias name='ua-tmp0'/><devices/></domain>", "ua-tmp0"));
    }
}
