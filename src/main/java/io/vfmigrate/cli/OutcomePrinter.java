package io.vfmigrate.cli;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.workflow.RunOutcome;
import java.io.PrintWriter;

/** The closing lines of a run, and its exit code. */
final class OutcomePrinter {
    private OutcomePrinter() {}

    static int print(PrintWriter out, RunOutcome o) {
        var r = o.run();
        switch (o.state()) {
            case SUCCEEDED -> out.printf("done: %s now runs on %s (run %s)%n", r.vm(), r.destination(), r.id());
            case COMPENSATED -> out.printf("failed and compensated: %s is as it was on %s (run %s): %s%n", r.vm(), r.source(), r.id(),
                    o.cause().map(c -> c.message()).orElse(""));
            default -> {
                out.printf("needs an operator: run %s: %s%n", r.id(), o.cause().map(c -> c.message()).orElse(""));
                o.compensationFailures().forEach(f -> out.println("  undo failed: " + f.message()));
            }
        }
        out.flush();
        return ExitCode.of(o.state());
    }
}
