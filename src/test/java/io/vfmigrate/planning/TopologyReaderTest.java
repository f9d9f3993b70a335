package io.vfmigrate.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.fakes.FakeGuest;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.model.DomainDescription;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which guest NIC is which VF, when the two VFs of a bond carry the bond's one MAC. */
class TopologyReaderTest {

    /**
     * The guest lists the NIC of the VF in slot 1 before the one in slot 0 (on a real host the pools' order and the
     * guest's need not agree). Pairing by the MAC alone made the backup VF pass for the active one, and the temporary
     * port went to the backup VF's PF.
     */
    @Test
    void vfsSharingAMacArePairedWithTheirNicsByPciAddress() {
        Harness h = new Harness();
        FakeGuest.Link second = h.secondVfInBond(1);
        FakeGuest g = h.a().guest("vm1");
        FakeGuest.Link first = g.links.remove("eth0");
        g.links.put(first.name, first);

        VmTopology t = read(h);

        Map<String, String> nicOfVf = t.vfs().stream()
                .collect(Collectors.toMap(m -> m.vf().vf().id(), m -> m.link().orElseThrow().name().value()));
        assertEquals(Map.of("fvf0", first.name, "fvf1", second.name), nicOfVf);
        assertEquals("eth0", g.bonds.get("bond0").active);
        assertEquals("fvf0", t.vfs().stream().filter(m -> m.link().orElseThrow().name().value().equals(g.bonds.get("bond0").active))
                .findFirst().orElseThrow().vf().vf().id(), "the bond's active slave is the VF in slot 0");
    }

    /** A guest that does not let the agent read files: the same, read by grep. */
    @Test
    void theSlotsAreReadByGrepWhereTheAgentMayNotReadFiles() {
        Harness h = new Harness();
        FakeGuest.Link second = h.secondVfInBond(1);
        FakeGuest g = h.a().guest("vm1");
        g.agentReadsAllowed = false;
        FakeGuest.Link first = g.links.remove("eth0");
        g.links.put(first.name, first);

        VmTopology t = read(h);

        assertEquals(java.util.List.of(first.name, second.name), t.vfs().stream().map(m -> m.link().orElseThrow().name().value()).toList());
        assertEquals(1, h.world.guestCalls.stream().filter(c -> c.contains("grep -H PCI_SLOT_NAME=")).count(), h.world.guestCalls::toString);
    }

    /** A guest that hides its PCI devices: the NICs are taken in the guest's order, as before. */
    @Test
    void withoutPciSlotsTheFirstNicWithTheMacIsTaken() {
        Harness h = new Harness();
        h.secondVfInBond(1);
        FakeGuest g = h.a().guest("vm1");
        g.links.values().forEach(l -> l.pciSlot = null);

        VmTopology t = read(h);

        assertEquals(java.util.List.of("eth0", "eth1"), t.vfs().stream().map(m -> m.link().orElseThrow().name().value()).toList());
    }

    /** One VF per MAC: its NIC is found by the MAC alone, and nothing more is read from the guest. */
    @Test
    void aVfWithItsOwnMacNeedsNoPciSlots() {
        Harness h = new Harness();
        int before = h.world.guestCalls.size();

        VmTopology t = read(h);

        assertEquals("eth0", t.vfs().get(0).link().orElseThrow().name().value());
        assertEquals(0, h.world.guestCalls.subList(before, h.world.guestCalls.size()).stream().filter(c -> c.contains("uevent")).count(),
                () -> h.world.guestCalls.toString());
    }

    private static VmTopology read(Harness h) {
        var host = h.world.host("host-a");
        DomainDescription domain = DomainDescription.parse(host.hypervisor().runningDomainXml("vm1").orElseThrow());
        return TopologyReader.read(host, domain, new GuestNetwork(host.agent(), "vm1", Duration.ofSeconds(5)));
    }
}
