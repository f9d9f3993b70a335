package io.vfmigrate.adapters.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Keepalive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        Failure.HostUnreachable u = assertInstanceOf(Failure.HostUnreachable.class, pingFails(uri));
        assertEquals("host-b", u.host());
        assertTrue(u.message().startsWith("host host-b is unreachable over libvirt (" + uri + "): a TLS certificate did not verify or "
                + "cannot be read: "), u.message());
        assertTrue(u.message().contains(dir.resolve("no-pki").toString()), u.message());
    }

    /**
     * A daemon that takes the connection and never says a word (what a connect into a firewall that lets SYNs through
     * and drops the rest looks like to libvirt, which has no connect timeout of its own): the host is unreachable after
     * the keepalive's time (5 s at least), not after TCP's two minutes, and the process goes on.
     */
    @Test
    void aConnectThatGetsNoAnswerIsAnUnreachableHostAfterTheConnectTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             LibvirtSession session = new LibvirtSession(new Keepalive(Duration.ofSeconds(1), 1))) {
            String uri = "qemu+tcp://127.0.0.1:" + silent.getLocalPort() + "/system";
            long start = System.nanoTime();
            FailureException e = assertThrows(FailureException.class, () -> new LibvirtHypervisor(session, "host-b", uri).ping());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Failure.HostUnreachable u = assertInstanceOf(Failure.HostUnreachable.class, e.failure(), e::getMessage);
            assertTrue(u.message().contains("no answer while connecting within 5s"), u.message());
            assertTrue(took.compareTo(Duration.ofSeconds(4)) > 0 && took.compareTo(Duration.ofSeconds(30)) < 0, () -> "gave up after " + took);
        }
    }

    @Test
    void theConnectAndAnswerTimeoutsAreKeepalivesDetectionTimeWithFloorsOfFiveAndTenSeconds() {
        assertEquals(Duration.ofSeconds(20), Keepalive.DEFAULT.connectTimeout());
        assertEquals(Duration.ofSeconds(20), Keepalive.DEFAULT.answerTimeout());
        assertEquals(Duration.ofSeconds(6), new Keepalive(Duration.ofSeconds(2), 2).connectTimeout());
        assertEquals(Duration.ofSeconds(10), new Keepalive(Duration.ofSeconds(2), 2).answerTimeout());
        assertEquals(Duration.ofSeconds(5), new Keepalive(Duration.ofSeconds(1), 1).connectTimeout());
        assertEquals(Duration.ofSeconds(60), new Keepalive(Duration.ofSeconds(15), 3).connectTimeout());
        assertEquals(Duration.ofSeconds(20), Keepalive.OFF.connectTimeout());
    }

    @Test
    void aConnectThatMayPassStaysALibvirtErrorForTheRetry() {
        Failure.LibvirtError error = assertInstanceOf(Failure.LibvirtError.class, pingFails("qemu+unix:///system?socket=" + dir.resolve("no-such-socket")));
        assertEquals(LibvirtFailures.SYSTEM_ERROR, error.code(), error.message());
    }

    /** One libvirt failure as a call sees it: its code, its text, and whether the connection still says it is alive. */
    record Seen(int code, String text, boolean alive, boolean lost) {}

    @Test
    void aConnectionErrorOnADeadConnectionOrFromTheRpcClientIsALostConnectionNothingElse() {
        List<Seen> seen = List.of(
                new Seen(1, "internal error: client socket is closed", true, true),
                new Seen(1, "internal error: connection closed due to keepalive timeout", true, true),
                new Seen(38, "Cannot recv data: Connection reset by peer", true, true),
                new Seen(38, "End of file while reading data: Input/output error", true, true),
                new Seen(39, "anything the RPC layer says, on a connection no longer alive", false, true),
                new Seen(5, "no connection driver available", false, true),
                new Seen(6, "invalid connection pointer in virConnectGetLibVersion", false, true),
                new Seen(38, "Failed to open file '/dev/vfio/12': No such file or directory", true, false),
                new Seen(38, "Unable to read from monitor: Connection reset by peer", true, false),
                new Seen(1, "internal error: End of file from qemu monitor (connection closed)", true, false),
                new Seen(42, "Domain not found: no domain with matching name 'vm1'", false, false),
                new Seen(9, "operation failed: connection closed (not a connection error code)", true, false));
        for (Seen s : seen) assertEquals(s.lost(), LibvirtFailures.connectionLost(s.code(), s.text(), s.alive()), s.toString());
    }

    /** Connecting as host-b to {@code uri} fails: the failure. */
    private static Failure pingFails(String uri) {
        try (LibvirtSession session = new LibvirtSession()) {
            return assertThrows(FailureException.class, () -> new LibvirtHypervisor(session, "host-b", uri).ping()).failure();
        }
    }
}
