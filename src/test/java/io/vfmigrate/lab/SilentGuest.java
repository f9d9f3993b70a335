package io.vfmigrate.lab;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab guest whose agent does not answer, and what its vCPU is doing: a TCG guest that hung after a migration spins on
 * one instruction with interrupts off (docs/lab-and-benchmarks.md), which QEMU's monitor shows, twice the same.
 */
final class SilentGuest {
    /** {@code info registers}: {@code RIP=ffffffffb4018710 RFL=00000002 [-------] CPL=0 ...}. */
    private static final Pattern RIP = Pattern.compile("RIP=([0-9a-f]+) RFL=([0-9a-f]+)");
    private static final int INTERRUPT_FLAG = 0x200;

    private SilentGuest() {}

    /** Empty when {@code vm}'s agent answers a ping within 5 s (three tries); else what its vCPU shows, 1 s apart. */
    static Optional<String> of(String host, String vm) {
        for (int i = 0; i < 3; i++) {
            if (Lab.lab("virsh", host, "qemu-agent-command", vm, "{\"execute\":\"guest-ping\"}", "--timeout", "5").exit() == 0) return Optional.empty();
        }
        String first = registers(host, vm);
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.of(vm + " on " + host + " does not answer its agent: " + describe(first, registers(host, vm)));
    }

    /** Two readings of {@code info registers}, as one line. */
    static String describe(String first, String second) {
        Matcher a = RIP.matcher(first);
        Matcher b = RIP.matcher(second);
        if (!a.find() || !b.find()) return "its registers unreadable";
        boolean interruptsOff = (Integer.parseInt(a.group(2), 16) & INTERRUPT_FLAG) == 0;
        if (a.group(1).equals(b.group(1)) && interruptsOff) {
            return "its vCPU spins at RIP " + a.group(1) + " with interrupts off (a guest hung after a TCG migration, see docs/lab-and-benchmarks.md)";
        }
        return "its vCPU at RIP " + a.group(1) + ", then " + b.group(1) + (interruptsOff ? " (interrupts off)" : "");
    }

    private static String registers(String host, String vm) {
        Shell.Result r = Lab.lab("virsh", host, "qemu-monitor-command", vm, "--hmp", "info registers");
        return r.exit() == 0 ? r.out() : "";
    }
}
