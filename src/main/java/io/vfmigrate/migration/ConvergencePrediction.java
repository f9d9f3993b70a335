package io.vfmigrate.migration;

import java.time.Duration;

/**
 * Whether a live migration is expected to converge, from the VM's measured dirty rate, the bandwidth it will get and
 * the policy in force: a pre-copy simulated pass by pass. Each pass sends what the last one left dirty (the first
 * the whole memory, zero pages counted: an upper bound); the guest dirties {@code rate} while it is sent, up to its
 * whole memory. It converges once what is left fits in the policy's largest allowed downtime, within its completion
 * timeout. Auto-converge throttles the vCPUs as QEMU does (from the initial step, raised by the increment each pass
 * that dirtied more than half of what it sent, up to 99%). Pure arithmetic.
 */
public record ConvergencePrediction(boolean converges, long rateMiBps, long bandwidthMiBps, Duration expectedTime,
                                    int throttlePercent, String reason) {
    private static final int MAX_THROTTLE = 99;
    private static final int MAX_PASSES = 10_000;

    public static ConvergencePrediction of(long rateMiBps, long bandwidthMiBps, long memoryBytes, MigrationPolicy policy) {
        if (bandwidthMiBps < 1) throw new IllegalArgumentException("a bandwidth of " + bandwidthMiBps + " MiB/s");
        double bandwidth = bandwidthMiBps;
        double memory = memoryBytes / (double) (1 << 20);
        double fits = bandwidth * policy.downtimeCap().toNanos() / 1e9;
        double timeout = policy.completionTimeout(memoryBytes).toNanos() / 1e9;
        double pending = memory;
        double elapsed = 0;
        int throttle = 0;
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            if (pending <= fits) {
                double total = elapsed + pending / bandwidth;
                String how = throttle > 0 ? ", with the vCPUs throttled to " + throttle + "%" : "";
                return new ConvergencePrediction(true, rateMiBps, bandwidthMiBps, seconds(total), throttle, "expected to converge in about "
                        + Math.max(1, Math.round(total)) + " s (" + pass + " pass(es))" + how + " at " + bandwidthMiBps + " MiB/s with downtime up to "
                        + policy.downtimeCap().toMillis() + " ms");
            }
            double sending = pending / bandwidth;
            elapsed += sending;
            if (elapsed > timeout) {
                return new ConvergencePrediction(false, rateMiBps, bandwidthMiBps, seconds(timeout), throttle, "expected not to converge within the completion timeout of "
                        + Math.round(timeout) + " s" + stall(rateMiBps, bandwidthMiBps, throttle) + "; then on-timeout " + onTimeout(policy));
            }
            double dirtied = Math.min(memory, rateMiBps * (1 - throttle / 100.0) * sending);
            if (policy.autoConverge() && dirtied > pending / 2 && throttle < MAX_THROTTLE) {
                throttle = throttle == 0 ? policy.autoConvergeInitial() : Math.min(MAX_THROTTLE, throttle + policy.autoConvergeIncrement());
            } else if (dirtied >= pending && (!policy.autoConverge() || throttle >= MAX_THROTTLE)) {
                return new ConvergencePrediction(false, rateMiBps, bandwidthMiBps, Duration.ZERO, throttle, "expected not to converge: the guest dirties "
                        + rateMiBps + " MiB/s, what is left never shrinks" + stall(rateMiBps, bandwidthMiBps, throttle) + "; then on-timeout " + onTimeout(policy));
            }
            pending = dirtied;
        }
        return new ConvergencePrediction(false, rateMiBps, bandwidthMiBps, Duration.ZERO, throttle, "expected not to converge in " + MAX_PASSES + " passes");
    }

    private static String stall(long rate, long bandwidth, int throttle) {
        return " (" + rate + " MiB/s dirtied against " + bandwidth + " MiB/s sent" + (throttle > 0 ? ", vCPUs throttled to " + throttle + "%" : "") + ")";
    }

    private static String onTimeout(MigrationPolicy policy) {
        return policy.onTimeout() == MigrationPolicy.OnTimeout.ABORT ? "aborts it (the VM stays on its source)"
                : "forces it (the VM paused until the rest is sent)";
    }

    private static Duration seconds(double s) { return Duration.ofMillis(Math.round(s * 1000)); }
}
