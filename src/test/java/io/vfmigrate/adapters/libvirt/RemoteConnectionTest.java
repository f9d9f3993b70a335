package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Keepalive;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keepalive, connect failures and lost connections, against the real libvirt library (no daemon, nothing on the network). */
class RemoteConnectionTest {
    @TempDir Path dir;

    @Test
    void keepaliveOnALocalDriverWithoutItGoesOn() {
        try (LibvirtSession session = new LibvirtSession(new Keepalive(Duration.ofSeconds(1), 2))) {
            LibvirtHypervisor hypervisor = new LibvirtHypervisor(session, "test-host", "test:///default");
            hypervisor.ping();
            assertTrue(hypervisor.isRunning("test"));
        }
        try (LibvirtSession off = new LibvirtSession(Keepalive.OFF)) {
            new LibvirtHypervisor(off, "test-host", "test:///default").ping();
        }
    }

    @Test
    void aTlsConnectWhoseCertificatesCannotBeReadIsAnUnreachableHostNamingTheCause() {
        String uri = "qemu+tls://127.0.0.1:1/system?pkipath=" + dir.resolve("no-pki");
        try (LibvirtSession session = new LibvirtSession()) {
            FailureException e = assertThrows(FailureException.class, () -> new LibvirtHypervisor(session, "host-b", uri).ping());
            Failure.HostUnreachable u = assertInstanceOf(Failure.HostUnreachable.class, e.failure(), e.failure().message());
            assertEquals("host-b", u.host());
            assertTrue(u.message().startsWith("host host-b is unreachable over libvirt (" + uri + "): a TLS certificate did not verify or "
                    + "cannot be read: "), u.message());
            assertTrue(u.message().contains(dir.resolve("no-pki").toString()), u.message());
        }
    }

    @Test
    void aConnectThatMayPassStaysALibvirtErrorForTheRetry() {
        String uri = "qemu+unix:///system?socket=" + dir.resolve("no-such-socket");
        try (LibvirtSession session = new LibvirtSession()) {
            FailureException e = assertThrows(FailureException.class, () -> new LibvirtHypervisor(session, "host-b", uri).ping());
            Failure.LibvirtError error = assertInstanceOf(Failure.LibvirtError.class, e.failure(), e.failure().message());
            assertEquals(LibvirtFailures.SYSTEM_ERROR, error.code(), error.message());
        }
    }

    @Test
    void aConnectionErrorOnADeadConnectionOrSayingItClosedIsALostConnection() {
        assertTrue(LibvirtFailures.connectionLost(1, "internal error: client socket is closed", true));
        assertTrue(LibvirtFailures.connectionLost(1, "internal error: connection closed due to keepalive timeout", true));
        assertTrue(LibvirtFailures.connectionLost(38, "Cannot recv data: Connection reset by peer", true));
        assertTrue(LibvirtFailures.connectionLost(38, "End of file while reading data: Input/output error", true));
        assertTrue(LibvirtFailures.connectionLost(39, "anything the RPC layer says", false), "the connection is no longer alive");
        assertTrue(LibvirtFailures.connectionLost(5, "no connection driver available", false));
        assertTrue(LibvirtFailures.connectionLost(6, "invalid connection pointer in virConnectGetLibVersion", false));
    }

    @Test
    void aSystemErrorOnALiveConnectionOrAnotherCodeIsNot() {
        assertFalse(LibvirtFailures.connectionLost(38, "Failed to open file '/dev/vfio/12': No such file or directory", true));
        assertFalse(LibvirtFailures.connectionLost(42, "Domain not found: no domain with matching name 'vm1'", false));
        assertFalse(LibvirtFailures.connectionLost(9, "operation failed: connection closed", true), "not a connection error code");
    }
}
