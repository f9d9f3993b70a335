package io.vfmigrate.adapters.libvirt;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import io.vfmigrate.ports.DomainState;
import java.util.List;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.jna.DomainPointer;

/**
 * Reads a domain's state and reason (running or paused): the state from libvirt-java's {@code getInfo()}, the reason
 * through virDomainGetState (not bound by libvirt-java 0.5.4), and whether the last migration job
 * completed and which way (virDomainGetJobStats with VIR_DOMAIN_JOB_STATS_COMPLETED, the statistics kept).
 */
final class DomainStates {
    /**
     * VIR_DOMAIN_JOB_STATS_COMPLETED | VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED: libvirt destroys a completed job's statistics
     * once read without the second flag, and every later read (the report, the next look at the copies) would then
     * take a completed migration for none.
     */
    static final int COMPLETED_KEPT = 1 | 2;
    private static final int JOB_COMPLETED = 3;
    /** virDomainRunningReason, by value. */
    private static final List<String> RUNNING_REASONS = List.of("unknown", "booted", "migrated", "restored", "from-snapshot", "unpaused",
            DomainState.RESUMED_AFTER_MIGRATION, "save-canceled", "wakeup", "crashed", "postcopy", "postcopy-failed");
    /** virDomainPausedReason, by value. */
    private static final List<String> PAUSED_REASONS = List.of("unknown", "user", "migration", "save", "dump", "io-error",
            "watchdog", "from-snapshot", "shutting-down", "snapshot", "crashed", "starting-up", "postcopy", "postcopy-failed", "api-error");

    private DomainStates() {}

    interface StateCalls extends com.sun.jna.Library {
        int virDomainGetState(DomainPointer domain, IntByReference state, IntByReference reason, int flags);
    }

    private static final class Calls {
        static final StateCalls INSTANCE = Native.load("virt", StateCalls.class);
    }

    static DomainState of(Domain domain) throws LibvirtException {
        // the state and its reason from one call, so that a reason is never read against another state
        int[] stateAndReason = stateAndReason(domain);
        int state = stateAndReason != null ? stateAndReason[0] : domain.getInfo().state.ordinal();
        int code = stateAndReason != null ? stateAndReason[1] : -1;
        DomainState.Kind kind = kind(state);
        String reason = switch (kind) {
            case PAUSED -> reason(PAUSED_REASONS, code);
            case RUNNING -> reason(RUNNING_REASONS, code);
            default -> "";
        };
        return new DomainState(kind, reason, completedMigration(domain));
    }

    /** virDomainState by value (libvirt-java's DomainInfo.DomainState has the same order). */
    static DomainState.Kind kind(int state) {
        return switch (state) {
            case 1, 2 -> DomainState.Kind.RUNNING;   // running, blocked
            case 3 -> DomainState.Kind.PAUSED;
            case 5 -> DomainState.Kind.SHUT_OFF;
            default -> DomainState.Kind.OTHER;
        };
    }

    static String pausedReason(int code) { return reason(PAUSED_REASONS, code); }

    static String runningReason(int code) { return reason(RUNNING_REASONS, code); }

    private static String reason(List<String> names, int code) {
        return code >= 0 && code < names.size() ? names.get(code) : code < 0 ? "unknown" : "reason " + code;
    }

    /** virDomainJobOperation, the "operation" of a completed job (libvirt 3.3 and later; seen as 4 on a VM that migrated in, libvirt 9.0). */
    private static final int OPERATION_MIGRATION_IN = 4;
    private static final int OPERATION_MIGRATION_OUT = 5;

    private static DomainState.Completed completedMigration(Domain domain) {
        try {
            var stats = domain.getJobStats(COMPLETED_KEPT);
            if (stats.type != JOB_COMPLETED) return DomainState.Completed.NONE;
            long operation = JobProgress.value(JobProgress.params(stats), "operation");
            if (operation == OPERATION_MIGRATION_OUT) return DomainState.Completed.MIGRATION_OUT;
            if (operation == OPERATION_MIGRATION_IN) return DomainState.Completed.MIGRATION_IN;
            return DomainState.Completed.NONE;   // another job, or a libvirt that does not say which
        } catch (LibvirtException | RuntimeException e) {
            return DomainState.Completed.NONE;   // no completed job kept (e.g. the daemon restarted since)
        }
    }

    /** {state, reason} from virDomainGetState; null when it cannot be called (then getInfo's state, reason unknown). */
    private static int[] stateAndReason(Domain domain) {
        try {
            IntByReference state = new IntByReference();
            IntByReference reason = new IntByReference(-1);
            if (Calls.INSTANCE.virDomainGetState(NativeDomain.pointer(domain), state, reason, 0) < 0) return null;
            return new int[] {state.getValue(), reason.getValue()};
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
