package io.vfmigrate.cli;

import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.ports.MigrationProgress;
import java.io.PrintWriter;
import java.time.Duration;

/** Progress of the migrate step as plain lines (output that is not a terminal: no escape codes). */
final class PlainProgress implements MigrationObserver {
    private final PrintWriter out;
    private final ProgressLine line = new ProgressLine();

    PlainProgress(PrintWriter out) { this.out = out; }

    @Override public void progress(MigrationProgress p, Duration allowedDowntime) {
        out.printf("%n    migrating: %3d%% %s", Math.round(line.fraction(p) * 100), line.text(p, allowedDowntime));
        out.flush();
    }
}
