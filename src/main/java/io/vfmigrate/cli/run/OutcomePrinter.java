package io.vfmigrate.cli.run;

import static io.vfmigrate.model.Printable.clean;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.model.RunState;
import io.vfmigrate.planning.EvacuationRequest;
import io.vfmigrate.workflow.RunOutcome;
import java.io.PrintWriter;

/** The closing lines of a run (what its journal lacks, if the state store failed), and its exit code. */
final class OutcomePrinter {
    private OutcomePrinter() {}

    static int print(PrintWriter out, RunOutcome o) {
        var r = o.run();
        switch (o.state()) {
            case SUCCEEDED -> out.printf("done: %s %s %s (run %s)%n", clean(r.vm()),
                    EvacuationRequest.OFFLINE_WORKFLOW.equals(r.workflow()) ? "is now defined (shut off) on" : "now runs on",
                    clean(r.destination()), clean(r.id()));
            case COMPENSATED -> out.printf("failed and compensated: %s is as it was on %s (run %s): %s%n", clean(r.vm()), clean(r.source()),
                    clean(r.id()), clean(o.cause().map(c -> c.message()).orElse("")));
            case CLOSED -> out.printf("closed without acting: run %s: %s%n", clean(r.id()), clean(o.cause().map(c -> c.message()).orElse("")));
            default -> {
                out.printf("needs an operator: run %s: %s%n", clean(r.id()), clean(o.cause().map(c -> c.message()).orElse("")));
                o.compensationFailures().forEach(f -> out.println("  undo failed: " + clean(f.message())));
            }
        }
        if (o.state() != RunState.NEEDS_OPERATOR) o.leftovers().forEach(l -> out.println("  left: " + clean(l)));
        o.journalLag().ifPresent(lag -> out.println("  " + clean(lag.describe())));
        out.flush();
        return ExitCode.of(o);
    }
}
