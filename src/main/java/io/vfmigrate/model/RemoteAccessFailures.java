package io.vfmigrate.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What keeps the coordinator from reaching a host, read from ssh's stderr or from libvirt's connect error
 * (which carries ssh's stderr for {@code qemu+ssh://}, GnuTLS's word for {@code qemu+tls://}): the cause in
 * a few words, with what to check. Empty when the text says none of these: the caller then keeps the raw text.
 */
public final class RemoteAccessFailures {
    /** Looked for in this order, case-insensitively: a changed host key also says "Host key verification failed". */
    private static final List<Marker> MARKERS = List.of(
            lasting("remote host identification has changed", "its host key does not match the pinned known_hosts entry "
                    + "(REMOTE HOST IDENTIFICATION HAS CHANGED): check the host, then replace its known_hosts line", false),
            lasting("host key verification failed", "host key verification failed: its key is not in known_hosts "
                    + "(vfmigrate never asks; add the host's key to known_hosts)", false),
            lasting("permission denied (publickey", "the key was refused (Permission denied (publickey)): "
                    + "the coordinator's key is not in the account's authorized_keys", false),
            // qemu+libssh://: libssh's words for the same
            lasting("access denied for 'publickey'", "the key was refused (libssh: Access denied for 'publickey'): "
                    + "the coordinator's key is not in the account's authorized_keys", false),
            lasting("unable to read tls confirmation", "the host refused the coordinator's certificate (Unable to read TLS "
                    + "confirmation): check the client certificate and the host's tls_allowed_dn_list", false),
            lasting("certificate", "a TLS certificate did not verify or cannot be read", true),
            lasting("authentication failed", "authentication failed", true),
            passing("could not resolve hostname", "its name does not resolve"),
            passing("connection refused", "connection refused, nothing listens there (sshd or libvirtd stopped?)"),
            passing("connection timed out", "the connection timed out (a firewall, or the host is down)"),
            passing("no route to host", "no route to host"),
            passing("connection closed by", "the connection was closed during the ssh handshake"),
            passing("kex_exchange_identification", "the connection was closed during the ssh handshake"));

    /**
     * {@code cause}: the words for one line; {@code lasting}: a refused key or certificate, a changed host key,
     * which stay until someone changes a file, so another attempt is of no use (a refused connection may pass).
     */
    public record Found(String cause, boolean lasting) {}

    private RemoteAccessFailures() {}

    /** The cause, followed where it helps by the first line of {@code text} that names it (an address, a port, GnuTLS's reason). */
    public static Optional<Found> of(String text) {
        if (text == null) return Optional.empty();
        String lower = text.toLowerCase(Locale.ROOT);
        for (Marker m : MARKERS) {
            if (lower.contains(m.marker())) {
                return Optional.of(new Found(m.detail() ? m.words() + ": " + lineWith(text, m.marker()) : m.words(), m.lasting()));
            }
        }
        return Optional.empty();
    }

    private static String lineWith(String text, String marker) {
        for (String line : text.split("\n")) {
            if (line.toLowerCase(Locale.ROOT).contains(marker)) return Printable.line(line.strip());
        }
        return "";
    }

    private static Marker lasting(String marker, String words, boolean detail) { return new Marker(marker, words, true, detail); }

    private static Marker passing(String marker, String words) { return new Marker(marker, words, false, true); }

    private record Marker(String marker, String words, boolean lasting, boolean detail) {}
}
