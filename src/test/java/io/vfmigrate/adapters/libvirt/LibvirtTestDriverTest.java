package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.agent.LibvirtGuestAgent;
import io.vfmigrate.adapters.libvirt.DeviceEvents.Outcome;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.HostResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plumbing against libvirt's built-in test driver (no daemon): lookups, XML, errors, event registration. */
class LibvirtTestDriverTest {
    private static final String URI = "test:///default";
    private static LibvirtSession session;
    private static LibvirtHypervisor hypervisor;

    @BeforeAll
    static void open() {
        session = new LibvirtSession();
        hypervisor = new LibvirtHypervisor(session, "test-host", URI);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void pingsAndReadsTheRunningDomain() {
        hypervisor.ping();
        String xml = hypervisor.runningDomainXml("test").orElseThrow();
        assertEquals("test", DomainDescription.parse(xml).name());
        assertTrue(hypervisor.isRunning("test"));
    }

    @Test
    void anUnknownDomainIsNotRunning() {
        assertTrue(hypervisor.runningDomainXml("no-such-vm").isEmpty());
        assertTrue(hypervisor.jobProgress("no-such-vm").isEmpty());
    }

    @Test
    void listsTheXmlOfEveryRunningDomain() {
        List<String> xmls = hypervisor.runningDomainXmls();
        assertEquals(List.of("test"), xmls.stream().map(x -> DomainDescription.parse(x).name()).toList());
    }

    /** A domain defined but never started: its persistent XML (with the VF it names), not the running one's. */
    @Test
    void listsThePersistentXmlOfEveryShutOffDomain() throws org.libvirt.LibvirtException {
        org.libvirt.Connect connect = new org.libvirt.Connect(URI);
        org.libvirt.Domain defined = connect.domainDefineXML("<domain type='test'><name>vfm-shut-off</name><memory>65536</memory>"
                + "<os><type>hvm</type></os><devices><interface type='hostdev' managed='yes'><mac address='52:54:00:aa:bb:07'/>"
                + "<source><address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x3'/></source></interface></devices></domain>");
        try {
            List<String> xmls = hypervisor.inactiveDomainXmls();
            assertEquals(List.of("vfm-shut-off"), xmls.stream().map(x -> DomainDescription.parse(x).name()).toList());
            assertEquals(java.util.Optional.of("0000:81:10.3"), DomainDescription.parse(xmls.get(0)).interfaces().get(0).hostdevPciAddress());
            assertEquals(List.of("vfm-shut-off", "test"), hypervisor.vfHoldingDomainXmls().stream().map(x -> DomainDescription.parse(x).name()).toList());
        } finally {
            defined.undefine();
            defined.free();
            connect.close();
        }
        assertEquals(List.of(), hypervisor.inactiveDomainXmls());
    }

    @Test
    void readsNetworksAndKnowsMissingOnes() {
        assertTrue(hypervisor.networkXml("default").orElseThrow().contains("<name>default</name>"));
        assertTrue(hypervisor.networkXml("no-such-network").isEmpty());
    }

    @Test
    void reportsFreeMemoryAndNumaCells() {
        HostResources resources = hypervisor.resources();
        assertTrue(resources.freeMemoryKiB() > 0, "free memory " + resources.freeMemoryKiB());
        assertFalse(resources.numaCpus().isEmpty(), "NUMA cells of the test driver");
        resources.numaCpus().values().forEach(cpus -> assertFalse(cpus.isEmpty()));
    }

    @Test
    void aLibvirtErrorCarriesLibvirtsCode() {
        FailureException e = assertThrows(FailureException.class, () -> hypervisor.attachDevice("no-such-vm", "<interface/>"));
        Failure.LibvirtError error = assertInstanceOf(Failure.LibvirtError.class, e.failure());
        assertEquals(LibvirtFailures.NO_DOMAIN, error.code());
        assertEquals("test-host", error.host());
    }

    @Test
    void aConnectionThatCannotOpenIsALibvirtError() {
        LibvirtHypervisor nowhere = new LibvirtHypervisor(session, "nowhere", "qemu+unix:///system?socket=/nonexistent/vfmigrate-sock");
        FailureException e = assertThrows(FailureException.class, nowhere::ping);
        assertInstanceOf(Failure.LibvirtError.class, e.failure());
    }

    @Test
    void keepsOneConnectionPerUri() {
        assertSame(session.connection("test-host", URI), session.connection("test-host", URI));
    }

    @Test
    void registersDeviceEventsAndHandsThemToTheWaitingDetach() throws Exception {
        DeviceEvents events = session.connection("test-host", URI).deviceEvents();
        assertSame(events, session.connection("test-host", URI).deviceEvents());
        CompletableFuture<Outcome> outcome = events.expect("test", "ua-tmp0");
        events.deliver("other-vm", "ua-tmp0", Outcome.REMOVED);
        assertFalse(outcome.isDone());
        events.deliver("test", "ua-tmp0", Outcome.REMOVAL_FAILED);
        assertEquals(Outcome.REMOVAL_FAILED, outcome.get());
    }

    @Test
    void detachOfADeviceThatIsNotThereSucceedsAndChangesNothing() {
        String before = hypervisor.runningDomainXml("test").orElseThrow();
        assertDoesNotThrow(() -> hypervisor.detachDevice("test", "<interface type='network'/>", "ua-never-attached", Duration.ofSeconds(1)));
        assertEquals(before, hypervisor.runningDomainXml("test").orElseThrow(), "the domain is as it was");
    }

    @Test
    void detachOnADomainThatIsNotRunningFails() {
        FailureException e = assertThrows(FailureException.class,
                () -> hypervisor.detachDevice("no-such-vm", "<interface/>", "ua-x", Duration.ofSeconds(1)));
        assertEquals(LibvirtFailures.NO_DOMAIN, ((Failure.LibvirtError) e.failure()).code());
    }

    @Test
    void theTestDriverHasNoGuestAgent() {
        LibvirtGuestAgent agent = new LibvirtGuestAgent(new LibvirtAgentChannel(session, "test-host", URI));
        FailureException e = assertThrows(FailureException.class, () -> agent.ping("test", Duration.ofSeconds(1)));
        // the driver's refusal comes back as libvirt's error, naming the host and the unsupported call (VIR_ERR_NO_SUPPORT)
        Failure.LibvirtError error = assertInstanceOf(Failure.LibvirtError.class, e.failure(), () -> e.failure().toString());
        assertEquals("test-host", error.host());
        assertEquals(3, error.code(), error::toString);
        assertTrue(error.text().contains("virDomainQemuAgentCommand"), error::text);
    }

    @Test
    void abortingWithoutAJobIsHarmlessOrALibvirtError() {
        try {
            hypervisor.abortJob("test");
        } catch (FailureException e) {
            assertInstanceOf(Failure.LibvirtError.class, e.failure()); // the test driver lacks virDomainAbortJob
        }
    }

    /**
     * Issue 18.6: libvirt returns through the source's connection what either side of a migration refused (the
     * destination's missing bridge came back blaming the source): the error names both hosts. The test driver refuses
     * migrations, which is enough to see how the refusal is named.
     */
    @Test
    void aMigrationRefusalNamesBothHosts() {
        LibvirtHypervisor destination = new LibvirtHypervisor(session, "dest-host", URI);
        var request = new io.vfmigrate.ports.MigrationRequest(java.util.Optional.of("tcp://198.18.0.12"),
                java.util.Set.of(io.vfmigrate.ports.MigrationRequest.Flag.LIVE), java.util.Optional.empty(), java.util.Optional.empty(),
                Duration.ofSeconds(5));
        FailureException e = assertThrows(FailureException.class, () -> hypervisor.migrate("test", destination, request));
        Failure.LibvirtError error = assertInstanceOf(Failure.LibvirtError.class, e.failure(), () -> e.failure().toString());
        assertTrue(error.message().contains("test-host -> dest-host"), error::message);
    }
}
