package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;

/** Turns libvirt errors into {@link Failure.LibvirtError} values carrying libvirt's own error code. */
final class LibvirtFailures {
    static final int INTERNAL_ERROR = 1;
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

    private static String text(LibvirtException e) {
        org.libvirt.Error error = e.getError();
        String message = error == null ? null : error.getMessage();
        return message == null || message.isBlank() ? String.valueOf(e.getMessage()) : message;
    }
}
