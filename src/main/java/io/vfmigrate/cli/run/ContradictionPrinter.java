package io.vfmigrate.cli.run;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.RunContradicted;
import io.vfmigrate.cli.ErrorLines;
import io.vfmigrate.model.Printable;
import java.io.PrintWriter;

/** A resume or rollback refused because the journal and the real state disagree: the error line, each step, the advice. */
final class ContradictionPrinter {
    private ContradictionPrinter() {}

    static int print(PrintWriter err, RunContradicted refused) {
        ErrorLines.print(err, refused.getMessage());
        refused.contradictions().forEach(c -> err.println("  " + Printable.line(c)));
        err.println("  then: " + Printable.line(refused.advice()));
        err.flush();
        return ExitCode.REFUSED;
    }
}
