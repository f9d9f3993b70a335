package io.vfmigrate.planning;

import static io.vfmigrate.adapters.fakes.DomainXml.domain;
import static io.vfmigrate.adapters.fakes.DomainXml.hostdevNic;
import static io.vfmigrate.planning.Fleet.evacuate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.fakes.FakeHost;
import io.vfmigrate.adapters.vfpool.PfVfPool;
import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Host;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fleet snapshot read from hosts with a real {@code pf} pool, and placed: what an evacuation counts as free. */
class HostReaderTest {
    private static final String PF = "enp129s0f0";

    /** Only shut-off VMs here, so no guest agent is asked (none is given). */
    private static Host host(String name, FakeHypervisor hypervisor, int vfs) {
        FakeHost shell = new FakeHost(name).withPf(PF, vfs, 0);
        return new Host(name, hypervisor, null, shell, Map.of("prod", new PfVfPool(shell, hypervisor, name, "prod", PF)), Map.of(),
                Optional.empty(), Map.of());
    }

    /** host-b's only VF is named by the definition of its shut-off "parked": not free, so off1 cannot be placed there. */
    @Test
    void aVfNamedByAShutOffDefinitionIsNotFreeInTheSnapshotNorPromised() {
        FakeHypervisor a = new FakeHypervisor("host-a");
        a.shutOff.put("off1", domain("off1", hostdevNic("52:54:00:aa:bb:01", "0x81", "0x10", "0x0", "hostdev0")));
        FakeHypervisor b = new FakeHypervisor("host-b");
        b.shutOff.put("parked", domain("parked", hostdevNic("52:54:00:aa:bb:02", "0x81", "0x10", "0x0", "hostdev0")));
        HostReader reader = new HostReader(Duration.ofSeconds(1));
        HostView viewA = reader.read(host("host-a", a, 1), false);
        HostView viewB = reader.read(host("host-b", b, 1), false);
        assertEquals(Map.of("prod", List.<Vf>of()), viewB.freeVfs());

        PlacementResult r = FleetPlacement.place(new FleetSnapshot(List.of(viewA, viewB)), evacuate("host-a"));
        assertEquals(List.of(), r.placements(), r::toString);
        assertEquals(1, r.unplaceable().size(), r::toString);
        assertTrue(r.unplaceable().get(0).reason().contains("too few free VFs of prod"), r.unplaceable()::toString);
    }
}
