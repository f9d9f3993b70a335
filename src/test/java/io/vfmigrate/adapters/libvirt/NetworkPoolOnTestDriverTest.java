package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.adapters.fakes.DomainXml;
import io.vfmigrate.adapters.vfpool.LibvirtNetworkVfPool;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Vf;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Network;

/** The hostdev-network pool over the test driver, which keeps such interfaces as type='network' in the live XML. */
class NetworkPoolOnTestDriverTest {
    private static final String URI = "test:///default";
    private final LibvirtSession session = new LibvirtSession();
    private final LibvirtHypervisor hypervisor = new LibvirtHypervisor(session, "test-host", URI);
    private Network network;
    private Domain withNetworkNic;
    private Domain withHostdevNic;

    @BeforeEach
    void define() throws LibvirtException {
        Connect connect = session.connection("test-host", URI).connect();
        network = connect.networkCreateXML("<network><name>vfm-hostnet</name><forward mode='hostdev' managed='yes'>"
                + "<address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x0'/>"
                + "<address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x1'/>"
                + "<address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x2'/></forward></network>");
        withNetworkNic = connect.domainCreateXML(testDomain("vfm-netvm", DomainXml.networkNic("52:54:00:aa:bb:01", "vfm-hostnet", "net0")), 0);
        withHostdevNic = connect.domainCreateXML(testDomain("vfm-hostdevvm", DomainXml.hostdevNic("52:54:00:aa:bb:02", "0x81", "0x10", "0x1", "hostdev0")), 0);
    }

    @AfterEach
    void destroy() throws LibvirtException {
        try {
            if (withNetworkNic != null) withNetworkNic.destroy();
            if (withHostdevNic != null) withHostdevNic.destroy();
            if (network != null) network.destroy();
        } finally {
            session.close();
        }
    }

    @Test
    void freeVfsAndAttachedInterfacesAsTheTestDriverShowsThem() {
        LibvirtNetworkVfPool pool = new LibvirtNetworkVfPool(hypervisor, "test-host", "prod", "vfm-hostnet");
        assertEquals(List.of("net:vfm-hostnet/0000:81:10.0", "net:vfm-hostnet/0000:81:10.2"), pool.free().stream().map(Vf::id).toList());

        List<AttachedVf> viaNetwork = pool.attachedTo(DomainDescription.parse(hypervisor.runningDomainXml("vfm-netvm").orElseThrow()));
        assertEquals(List.of("net:vfm-hostnet/mac-52:54:00:aa:bb:01"), viaNetwork.stream().map(a -> a.vf().id()).toList());
        List<AttachedVf> viaHostdev = pool.attachedTo(DomainDescription.parse(hypervisor.runningDomainXml("vfm-hostdevvm").orElseThrow()));
        assertEquals(List.of("net:vfm-hostnet/0000:81:10.1"), viaHostdev.stream().map(a -> a.vf().id()).toList());
    }

    private static String testDomain(String name, String nic) {
        return "<domain type='test'><name>" + name + "</name><memory>131072</memory><os><type>hvm</type></os><devices>" + nic + "</devices></domain>";
    }
}
