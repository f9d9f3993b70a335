package io.vfmigrate.model;

/** Expected failures, as values. Exceptions are kept for bugs. */
public sealed interface Failure {
    String message();

    /**
     * libvirt's no connection, invalid connection, system error (a socket refused or reset), RPC error: what a connect
     * fails with. (Its internal error on a dead connection, "client socket is closed", arrives as {@link ConnectionLost}.)
     */
    java.util.Set<Integer> LIBVIRT_CONNECTION_CODES = java.util.Set.of(5, 6, 38, 39);

    /** The host was not reached at all: its connection lost or refused, its daemon away (a restart), ssh refused. */
    static boolean outOfReach(Failure failure) {
        return failure instanceof ConnectionLost || failure instanceof HostUnreachable
                || failure instanceof LibvirtError error && LIBVIRT_CONNECTION_CODES.contains(error.code());
    }

    record Timeout(String what, java.time.Duration after) implements Failure {
        public String message() { return what + " did not happen within " + after.toMillis() + " ms"; }
    }

    record AgentUnavailable(String vm, String reason) implements Failure {
        public String message() { return "guest agent of " + vm + " unavailable: " + reason; }
    }

    record LibvirtError(String host, int code, String text) implements Failure {
        public String message() { return "libvirt on " + host + " (code " + code + "): " + text; }
    }

    /**
     * A libvirt connection that the peer closed or that keepalive found dead, seen during a call: the
     * connection is dropped, so the next call opens a new one (docs/failure-semantics.md).
     */
    record ConnectionLost(String host, String cause) implements Failure {
        public String message() { return "the libvirt connection to " + host + " was lost: " + cause; }
    }

    /**
     * The host cannot be reached over {@code via} (libvirt, ssh): a refused key or certificate, a host key that
     * does not match, a connection lost again right after it was reopened. Not worth another attempt.
     */
    record HostUnreachable(String host, String via, String cause) implements Failure {
        public String message() { return "host " + host + " is unreachable over " + via + ": " + cause; }
    }

    record GuestCommandFailed(String vm, String command, int exitCode, String stderr) implements Failure {
        public String message() {
            return "guest command `" + command + "` in " + vm + " exited " + exitCode
                    + (stderr.isBlank() ? "" : ": " + Printable.quote(stderr.strip()));
        }
    }

    record HostCommandFailed(String host, String command, int exitCode, String stderr) implements Failure {
        public String message() {
            return "host command `" + command + "` on " + host + " exited " + exitCode
                    + (stderr.isBlank() ? "" : ": " + Printable.quote(stderr.strip()));
        }
    }

    /** A guest's answer longer than the bound on guest output: parsing only its start would mislead. */
    record GuestOutputTruncated(String vm, String command, int limitBytes) implements Failure {
        public String message() {
            return "the answer of guest command `" + command + "` in " + vm + " was cut at the limit of " + limitBytes
                    + " bytes of guest output; it is not parsed in part (too many interfaces in the guest?)";
        }
    }

    record NoFreeVf(String host, String network) implements Failure {
        public String message() { return "no free VF of network " + network + " on " + host; }
    }

    record Unexpected(String what) implements Failure {
        public String message() { return what; }
    }

    /** The journal could not record {@code transition} (the state store failed): the run did nothing more. */
    record JournalUnavailable(String transition, String reason) implements Failure {
        public String message() { return "the journal could not record " + transition + " (the state store failed): nothing more was done"; }
    }

    record Interrupted(String what) implements Failure {
        public String message() { return "interrupted while " + what; }
    }
}
