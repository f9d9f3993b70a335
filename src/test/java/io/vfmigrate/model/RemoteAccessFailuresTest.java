package io.vfmigrate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The causes read from libvirt's connect errors (qemu+tls, qemu+ssh) as libvirt 9.0 words them. */
class RemoteAccessFailuresTest {
    @Test
    void tlsFailuresAreLastingCausesWithGnuTlsWordsKept() {
        Map<String, String> messageToCause = Map.of(
                "authentication failed: Failed to verify peer's certificate",
                "a TLS certificate did not verify or cannot be read: authentication failed: Failed to verify peer's certificate",
                "Unable to read TLS confirmation: Input/output error",
                "the host refused the coordinator's certificate (Unable to read TLS confirmation): check the client certificate "
                        + "and the host's tls_allowed_dn_list",
                "Cannot access CA certificate '/etc/vfmigrate/pki/cacert.pem': No such file or directory",
                "a TLS certificate did not verify or cannot be read: Cannot access CA certificate '/etc/vfmigrate/pki/cacert.pem': "
                        + "No such file or directory",
                "Certificate failed validation: The certificate hasn't got a known issuer",
                "a TLS certificate did not verify or cannot be read: Certificate failed validation: The certificate hasn't got a known issuer",
                "authentication failed: no agent is available to authenticate",
                "authentication failed: authentication failed: no agent is available to authenticate");
        messageToCause.forEach((message, cause) -> {
            RemoteAccessFailures.Found found = RemoteAccessFailures.of(message).orElseThrow(() -> new AssertionError(message));
            assertEquals(cause, found.cause());
            assertTrue(found.lasting(), message);
        });
    }

    @Test
    void qemuPlusSshCarriesSshsStderrInLibvirtsMessage() {
        var hostKey = RemoteAccessFailures.of("Cannot recv data: Host key verification failed.: Connection reset by peer").orElseThrow();
        assertTrue(hostKey.cause().startsWith("host key verification failed"), hostKey.cause());
        assertTrue(hostKey.lasting());
        var refused = RemoteAccessFailures.of("Cannot recv data: root@host-b: Permission denied (publickey,password).: Connection reset by peer")
                .orElseThrow();
        assertTrue(refused.cause().startsWith("the key was refused"), refused.cause());
        // qemu+libssh:// as libvirt 9.0 words a key the host does not authorize
        var libssh = RemoteAccessFailures.of("libssh transport error: failed to authenticate: Access denied for 'publickey'. "
                + "Authentication that can continue: publickey").orElseThrow();
        assertTrue(libssh.cause().startsWith("the key was refused (libssh"), libssh.cause());
        assertTrue(libssh.lasting());
        var down = RemoteAccessFailures.of("Cannot recv data: ssh: connect to host host-b port 22: Connection refused: Connection reset by peer")
                .orElseThrow();
        assertFalse(down.lasting(), "a refused connection may pass (sshd restarting): retried like any connect failure");
    }

    @Test
    void aChangedHostKeyIsNamedAsSuchThoughSshAlsoSaysVerificationFailed() {
        var found = RemoteAccessFailures.of("@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n").orElseThrow();
        assertTrue(found.cause().contains("does not match the pinned known_hosts entry"), found.cause());
    }

    @Test
    void otherTextIsNoAccessFailure() {
        assertTrue(RemoteAccessFailures.of("Domain not found: no domain with matching name 'vm1'").isEmpty());
        assertTrue(RemoteAccessFailures.of("").isEmpty());
        assertTrue(RemoteAccessFailures.of(null).isEmpty());
    }
}
