package io.vfmigrate.cli;

import io.vfmigrate.model.Printable;
import java.io.PrintWriter;

/** Refusals and errors, on stderr in one format: {@code error: MESSAGE}, one line, escaped and cut. */
public final class ErrorLines {
    private ErrorLines() {}

    public static void print(PrintWriter err, String message) {
        err.println("error: " + Printable.line(message));
        err.flush();
    }
}
