package io.vfmigrate.cli;

import io.vfmigrate.ports.MigrationProgress;
import java.time.Duration;
import java.util.Locale;

/**
 * The text of the migrate step's progress: memory transferred and remaining, rate, dirty rate,
 * iteration and the downtime allowed now, and a bar that never runs backwards (a new iteration makes
 * the remaining data grow again; the bar then stays where it was until the job passes it).
 */
public final class ProgressLine {
    private static final double MIB = 1024.0 * 1024.0;
    private double shown;

    /** The fraction shown now: the job's, but never less than the one shown before. */
    public double fraction(MigrationProgress p) {
        long done = p.dataProcessedBytes();
        long all = done + p.dataRemainingBytes();
        double f = all <= 0 ? 0 : Math.min(1.0, (double) done / all);
        shown = Math.max(shown, f);
        return shown;
    }

    public String text(MigrationProgress p, Duration allowedDowntime) {
        return String.format(Locale.ROOT, "%.1f MiB sent, %.1f MiB left, %.1f MiB/s, dirty %.1f MiB/s, iteration %d, downtime allowed %d ms",
                p.dataProcessedBytes() / MIB, p.dataRemainingBytes() / MIB, p.memoryBytesPerSecond() / MIB,
                p.dirtyRateBytesPerSecond() / MIB, p.memoryIteration(), allowedDowntime.toMillis())
                + (p.throttlePercent() > 0 ? ", vCPUs throttled " + p.throttlePercent() + "%" : "");
    }

    public String bar(MigrationProgress p, int width) {
        double f = fraction(p);
        int full = (int) Math.round(f * width);
        return "[" + "#".repeat(full) + " ".repeat(width - full) + "] " + String.format(Locale.ROOT, "%3d%%", Math.round(f * 100));
    }
}
