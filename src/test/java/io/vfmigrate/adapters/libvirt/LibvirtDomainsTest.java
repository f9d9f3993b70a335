package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.ports.DomainListing;
import io.vfmigrate.ports.HostResources;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet view's reads on libvirt's test driver: every domain with its state, and the host's total memory. */
class LibvirtDomainsTest {
    @Test
    void listsEveryDomainWithStateAndXmlAndTheHostsMemory() {
        try (LibvirtSession session = new LibvirtSession()) {
            LibvirtHypervisor hypervisor = new LibvirtHypervisor(session, "test-host", "test:///default");
            List<DomainListing> domains = hypervisor.domains();
            assertEquals(List.of("test"), domains.stream().map(DomainListing::name).toList());
            DomainListing test = domains.get(0);
            assertEquals(DomainListing.State.RUNNING, test.state());
            assertTrue(test.persistent());
            DomainDescription d = DomainDescription.parse(test.xml());
            assertEquals("test", d.name());
            assertEquals(2, d.vcpus());
            HostResources r = hypervisor.resources();
            assertTrue(r.totalMemoryKiB() > 0 && r.totalMemoryKiB() >= r.freeMemoryKiB(), r::toString);
            assertTrue(r.cpus() > 0, r::toString);
        }
    }
}
