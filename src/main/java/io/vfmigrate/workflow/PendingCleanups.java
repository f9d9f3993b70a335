package io.vfmigrate.workflow;

import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.Host;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run could not clean on a host it could not reach (a destination daemon killed mid-migration
 * may leave an incoming QEMU and a macvtap with the VM's MAC): journaled as facts
 * ("cleanup.HOST" = what), listed in the run's report, and cleaned or listed by the next command that
 * reaches that host (the run use case's pending-cleanup check).
 */
public final class PendingCleanups {
    public static final String PREFIX = "cleanup.";

    private PendingCleanups() {}

    /** Runs {@code cleanup} on {@code host}; when the host does not answer, records {@code what} as pending there (else the failure is thrown). */
    public static void tryOn(RunContext ctx, Host host, String what, Runnable cleanup) {
        try {
            cleanup.run();
            ctx.facts().remove(PREFIX + host.name());
        } catch (FailureException e) {
            if (answers(host)) throw e;   // the host is reachable: the failure is real, not for later
            ctx.facts().put(PREFIX + host.name(), what + " (" + e.failure().message() + ")");
        }
    }

    private static final java.util.regex.Pattern MACVTAP = java.util.regex.Pattern.compile("macvtap vft[0-9a-f]{12}, the temporary port of .+");

    /** What is pending when a temporary port's macvtap could not be removed. */
    public static String macvtap(String device, String vm) { return "macvtap " + device + ", the temporary port of " + vm; }

    /** Whether all that {@code what} names is temporary ports' macvtaps. */
    public static boolean onlyMacvtaps(String what) {
        return java.util.Arrays.stream(what.split("; ")).allMatch(p -> MACVTAP.matcher(p).matches());
    }

    /** How a run's report and survey say it: a macvtap may have failed to go on a host that answered, the rest could not reach it. */
    public static String line(String host, String what) {
        return host + ": could not be cleaned" + (onlyMacvtaps(what) ? ": " : " (unreachable): ") + what;
    }

    /** Records {@code what} as pending on {@code host}, after what is pending there already. */
    public static void record(RunContext ctx, Host host, String what) {
        String key = PREFIX + host.name();
        ctx.facts().put(key, ctx.facts().find(key).map(before -> before + "; " + what).orElse(what));
    }

    private static boolean answers(Host host) {
        try {
            host.hypervisor().ping();
            return true;
        } catch (FailureException e) {
            return false;
        }
    }

    /** Host -> what is pending there, from a run's facts. */
    public static Map<String, String> of(Map<String, String> facts) {
        Map<String, String> out = new LinkedHashMap<>();
        facts.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && !v.isEmpty()) out.put(k.substring(PREFIX.length()), v);
        });
        return out;
    }
}
