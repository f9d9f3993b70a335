package io.vfmigrate.adapters.vfpool;

import static io.vfmigrate.adapters.fakes.DomainXml.domain;
import static io.vfmigrate.adapters.fakes.DomainXml.hostdevNic;
import static io.vfmigrate.adapters.fakes.DomainXml.networkNic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LibvirtNetworkVfPoolTest {
    static final String NETWORK_XML = "<network><name>hostnet</name><uuid>6b49e8b0-0000-4000-8000-000000000001</uuid>"
            + "<forward mode='hostdev' managed='yes'><pf dev='enp129s0f0'/>"
            + "<address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x0'/>"
            + "<address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x1'/>"
            + "<address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x2'/>"
            + "</forward></network>";
    private static final Mac MAC = Mac.parse("52:54:00:aa:bb:01");
    private final FakeHypervisor hypervisor = new FakeHypervisor("host-a").network("hostnet", NETWORK_XML);
    private final LibvirtNetworkVfPool pool = new LibvirtNetworkVfPool(hypervisor, "host-a", "prod", "hostnet");

    @Test
    void freeVfsAreTheNetworksAddressesNotPassedThrough() {
        hypervisor.run("vm1", domain("vm1", hostdevNic("52:54:00:aa:bb:01", "0x81", "0x10", "0x1", "hostdev0")));
        List<Vf> free = pool.free();
        assertEquals(List.of("net:hostnet/0000:81:10.0", "net:hostnet/0000:81:10.2"), free.stream().map(Vf::id).toList());
        assertEquals(new Vf("host-a", "prod", "net:hostnet/0000:81:10.2", "0000:81:10.2", OptionalInt.empty()), free.get(1));
    }

    @Test
    void attachedVfsAreInterfacesOfTheNetworkOrHostdevsFromItsPool() {
        DomainDescription vm = DomainDescription.parse(domain("vm1",
                networkNic("52:54:00:aa:bb:01", "hostnet", "net0"),
                networkNic("52:54:00:aa:bb:02", "default", "net1"),
                hostdevNic("52:54:00:aa:bb:03", "0x81", "0x10", "0x2", "hostdev0"),
                hostdevNic("52:54:00:aa:bb:04", "0x03", "0x00", "0x0", "hostdev1")));
        List<AttachedVf> attached = pool.attachedTo(vm);
        assertEquals(List.of("net:hostnet/mac-52:54:00:aa:bb:01", "net:hostnet/0000:81:10.2"), attached.stream().map(a -> a.vf().id()).toList());
        assertEquals(new VfSettings(Mac.parse("52:54:00:aa:bb:03"), Optional.of(190), Optional.empty(), Optional.empty()), pool.settingsOf(attached.get(1)));
    }

    /** A shut-off definition with the VF as a hostdev interface (its address) holds it; one with the network picks one at start. */
    @Test
    void anAddressNamedByAShutOffDomainsDefinitionIsNotFree() {
        hypervisor.shutOff.put("vm2", domain("vm2", hostdevNic("52:54:00:aa:bb:02", "0x81", "0x10", "0x2", "hostdev0")));
        assertEquals(List.of("net:hostnet/0000:81:10.0", "net:hostnet/0000:81:10.1"), pool.free().stream().map(Vf::id).toList());
    }

    @Test
    void deviceXmlLetsTheNetworkPickTheVf() {
        Vf vf = pool.free().get(0);
        assertEquals("<interface type='network'><mac address='52:54:00:aa:bb:01'/><source network='hostnet'/>"
                + "<vlan><tag id='42'/></vlan></interface>", pool.deviceXml(vf, new VfSettings(MAC, Optional.of(42), Optional.empty(), Optional.empty())));
        assertThrows(IllegalArgumentException.class,
                () -> pool.deviceXml(new Vf("host-a", "prod", "evf0", "emulated:br0/evf0", OptionalInt.empty()), VfSettings.of(MAC)));
    }

    @Test
    void aMissingNetworkIsALibvirtError() {
        LibvirtNetworkVfPool missing = new LibvirtNetworkVfPool(hypervisor, "host-a", "prod", "nope");
        FailureException e = assertThrows(FailureException.class, missing::free);
        assertEquals(43, assertInstanceOf(Failure.LibvirtError.class, e.failure()).code());
    }
}
