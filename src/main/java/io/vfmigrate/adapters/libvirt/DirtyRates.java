package io.vfmigrate.adapters.libvirt;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.DirtyRate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.libvirt.Domain;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.virError;

/**
 * libvirt's dirty-rate calculation (libvirt 7.2 and later), which libvirt-java 0.5.4 does not bind:
 * virDomainStartDirtyRateCalc starts QEMU's page sampling, and the {@code dirtyrate.*} domain stats
 * (virDomainListGetStats with VIR_DOMAIN_STATS_DIRTYRATE) carry its result.
 */
final class DirtyRates {
    private static final int STATS_DIRTYRATE = 1 << 9;
    private static final int MEASURED = 2;
    /** sizeof(virTypedParameter): char field[80], int type, 4 bytes of padding, an 8-byte union. */
    private static final int PARAM_SIZE = 96;
    private static final int FIELD_LENGTH = 80;
    private static final int ERR_OPERATION_UNSUPPORTED = 84;
    private static final int ERR_ARGUMENT_UNSUPPORTED = 68;

    private DirtyRates() {}

    interface Calls extends com.sun.jna.Library {
        int virDomainStartDirtyRateCalc(DomainPointer domain, int seconds, int flags);

        int virDomainListGetStats(Pointer[] domains, int stats, PointerByReference records, int flags);

        void virDomainStatsRecordListFree(Pointer records);

        virError virGetLastError();
    }

    private static final class Bound {
        static final Calls INSTANCE = Native.load("virt", Calls.class);
    }

    /** Empty when started; why not when this libvirt or QEMU cannot. */
    static Optional<String> start(String host, Domain domain, Duration period) {
        Calls calls;
        DomainPointer pointer;
        try {
            calls = Bound.INSTANCE;
            pointer = NativeDomain.pointer(domain);
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.of("this libvirt has no dirty-rate calculation (" + e.getMessage() + ")");
        }
        try {
            if (calls.virDomainStartDirtyRateCalc(pointer, (int) period.toSeconds(), 0) == 0) return Optional.empty();
        } catch (UnsatisfiedLinkError e) {
            return Optional.of("this libvirt has no virDomainStartDirtyRateCalc (libvirt 7.2 or later has it)");
        }
        Failure.LibvirtError error = lastError(calls, host);
        int code = error.code();
        if (code == LibvirtFailures.NO_SUPPORT || code == ERR_OPERATION_UNSUPPORTED || code == ERR_ARGUMENT_UNSUPPORTED) {
            return Optional.of(error.text());
        }
        throw new FailureException(error);
    }

    /** The failure of the libvirt call just made on this thread. */
    private static Failure.LibvirtError lastError(Calls calls, String host) {
        virError error = calls.virGetLastError();
        return new Failure.LibvirtError(host, error == null ? -1 : error.code,
                error == null || error.message == null ? "unknown error" : error.message);
    }

    /** The finished measurement, if the last one finished. */
    static Optional<DirtyRate> result(String host, Domain domain) {
        Map<String, Long> stats = stats(host, domain);
        Long status = stats.get("dirtyrate.calc_status");
        if (status == null || status != MEASURED || !stats.containsKey("dirtyrate.megabytes_per_second")) return Optional.empty();
        return Optional.of(new DirtyRate(stats.get("dirtyrate.megabytes_per_second"),
                Duration.ofSeconds(stats.getOrDefault("dirtyrate.calc_period", 0L))));
    }

    /** The numeric dirtyrate.* stats of the domain. */
    private static Map<String, Long> stats(String host, Domain domain) {
        Calls calls = Bound.INSTANCE;
        PointerByReference records = new PointerByReference();
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            Pointer[] domains = {NativeDomain.pointer(domain).getPointer(), null};
            if (calls.virDomainListGetStats(domains, STATS_DIRTYRATE, records, 0) < 0) throw new FailureException(lastError(calls, host));
            Pointer list = records.getValue();
            Pointer record = list == null ? null : list.getPointer(0);
            if (record == null) return out;
            Pointer params = record.getPointer(Native.POINTER_SIZE);
            int count = record.getInt(2L * Native.POINTER_SIZE);
            for (int i = 0; i < count; i++) {
                long at = (long) i * PARAM_SIZE;
                String field = params.getString(at);   // NUL-terminated within its 80 bytes
                int type = params.getInt(at + FIELD_LENGTH);
                switch (type) {
                    case 1, 2 -> out.put(field, (long) params.getInt(at + 88));
                    case 3, 4 -> out.put(field, params.getLong(at + 88));
                    default -> { }   // strings (calc_mode), doubles, booleans: not needed
                }
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new FailureException(new Failure.Unexpected("the libvirt handle of a domain on " + host + ": " + e));
        } finally {
            if (records.getValue() != null) calls.virDomainStatsRecordListFree(records.getValue());
        }
    }
}
