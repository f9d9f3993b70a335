package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.RemoteAccessFailures;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;

/** Turns libvirt errors into {@link Failure.LibvirtError} values carrying libvirt's own error code. */
final class LibvirtFailures {
    static final int INTERNAL_ERROR = 1;
    static final int NO_SUPPORT = 3;
    static final int NO_CONNECT = 5;
    static final int INVALID_CONN = 6;
    static final int SYSTEM_ERROR = 38;
    static final int RPC = 39;
    static final int OPERATION_FAILED = 9;
    static final int NO_DOMAIN = 42;
    static final int NO_NETWORK = 43;
    static final int OPERATION_INVALID = 55;
    static final int DEVICE_MISSING = 99;

    private LibvirtFailures() {}

    /** Call right in the catch block, on the thread that made the failing call (see {@link #code}). */
    static FailureException of(String host, LibvirtException e) {
        return new FailureException(new Failure.LibvirtError(host, code(e), text(e)), e);
    }

    /**
     * A failed connect: a refused key or certificate, a host key that does not match (the lasting causes that
     * {@link RemoteAccessFailures} names) is {@code HostUnreachable}, not retried; anything else (a refused
     * connection, libvirtd restarting) stays a {@code LibvirtError}, retried as a transient failure.
     */
    static FailureException onConnect(String host, String uri, LibvirtException e) {
        int code = code(e);
        String text = text(e);
        return RemoteAccessFailures.of(text).filter(RemoteAccessFailures.Found::lasting)
                .map(found -> new FailureException(new Failure.HostUnreachable(host, "libvirt (" + uri + ")", found.cause()), e))
                .orElseGet(() -> new FailureException(new Failure.LibvirtError(host, code, text), e));
    }

    /** The codes a dead or closed connection fails with; {@link #connectionLost} says which failure is one. */
    private static final Set<Integer> CONNECTION_CODES = Set.of(INTERNAL_ERROR, NO_CONNECT, INVALID_CONN, SYSTEM_ERROR, RPC);
    /** What libvirt's RPC client (its socket, its keepalive) says when the peer closed the connection or keepalive gave up. */
    private static final List<String> CLOSED = List.of("client socket is closed", "connection closed",
            "keepalive", "end of file while reading data", "cannot recv data", "cannot write data");
    /** The same words about QEMU's monitor or the guest agent: the domain's channel closed, not ours. */
    private static final List<String> NOT_OURS = List.of("monitor", "agent");

    /**
     * Whether a call failed because its connection is gone: a connection error code, and either the
     * connection no longer alive or libvirt's RPC client saying it closed. A system error on a live
     * connection (a device file that cannot be opened, QEMU's monitor gone with its QEMU) is not one.
     */
    static boolean connectionLost(int code, String text, boolean alive) {
        if (!CONNECTION_CODES.contains(code)) return false;
        if (!alive) return true;
        String lower = String.valueOf(text).toLowerCase(Locale.ROOT);
        return CLOSED.stream().anyMatch(lower::contains) && NOT_OURS.stream().noneMatch(lower::contains);
    }

    static FailureException of(String host, int code, String text) {
        return new FailureException(new Failure.LibvirtError(host, code, text));
    }

    /** The error libvirt left on this thread after a raw JNA call failed. */
    static FailureException fromLastError(String host, String what) {
        virError last = Libvirt.INSTANCE.virGetLastError();
        if (last == null) return of(host, INTERNAL_ERROR, what + " failed without a libvirt error");
        return of(host, last.code, what + ": " + last.message);
    }

    static boolean hasCode(FailureException e, int code) {
        return e.failure() instanceof Failure.LibvirtError error && error.code() == code;
    }

    /**
     * The virErrorNumber. libvirt-java 0.5.4 names codes up to 110 and reports newer ones (e.g. the
     * agent command timeout, 112) as VIR_ERR_UNKNOWN; the raw code is then still in the thread's
     * last-error slot, which libvirt-java does not reset.
     */
    static int code(LibvirtException e) {
        org.libvirt.Error error = e.getError();
        if (error == null || error.getCode() == null) return -1;
        if (error.getCode() != ErrorNumber.VIR_ERR_UNKNOWN) return error.getCode().ordinal();
        try {
            virError last = Libvirt.INSTANCE.virGetLastError();
            return last != null && last.message != null && last.message.equals(error.getMessage()) ? last.code : -1;
        } catch (RuntimeException | LinkageError notAvailable) {
            return -1;
        }
    }

    static String text(LibvirtException e) {
        org.libvirt.Error error = e.getError();
        String message = error == null ? null : error.getMessage();
        return message == null || message.isBlank() ? String.valueOf(e.getMessage()) : message;
    }
}
