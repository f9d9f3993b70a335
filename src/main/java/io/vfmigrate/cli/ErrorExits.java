package io.vfmigrate.cli;

import io.vfmigrate.adapters.store.StateStoreException;
import io.vfmigrate.adapters.store.StoreAccessException;
import io.vfmigrate.app.ExitCode;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.LeaseLostException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * What an exception that ends a command prints and exits with, as data: the first row whose type
 * matches; anything else is an internal error (exit 3), one line unless --verbose asks for its trace.
 * picocli's exit code mapper alone gives only the code, and picocli prints the whole stack trace
 * before asking it; so the execution exception handler prints the line from these same rows, which
 * also serve as the mapper.
 */
final class ErrorExits implements CommandLine.IExitCodeExceptionMapper {
    record Row(Class<? extends Throwable> type, int exitCode, Function<Throwable, String> line, Optional<String> hint) {}

    static final List<Row> ROWS = List.of(
            row(ConfigException.class, ExitCode.REFUSED, Throwable::getMessage, null),
            row(IllegalArgumentException.class, ExitCode.REFUSED, Throwable::getMessage, null),
            row(StateStoreException.class, ExitCode.REFUSED, Throwable::getMessage, null),
            row(FailureException.class, ExitCode.REFUSED, f -> f.failure().message() + " (nothing was changed)", null),
            row(LeaseLostException.class, ExitCode.NEEDS_OPERATOR, Throwable::getMessage, null),
            row(StoreAccessException.class, ExitCode.NEEDS_OPERATOR, e -> "the state store failed: " + e.getMessage(),
                    "a run may be open: check `vfmigrate runs` once the store answers again"));

    static final Row INTERNAL = row(Throwable.class, ExitCode.NEEDS_OPERATOR, e -> "internal error: " + e,
            "check `vfmigrate runs` for a run left open");

    private static <T extends Throwable> Row row(Class<T> type, int exitCode, Function<T, String> line, String hint) {
        return new Row(type, exitCode, e -> line.apply(type.cast(e)), Optional.ofNullable(hint));
    }

    static Row of(Throwable e) {
        return ROWS.stream().filter(r -> r.type().isInstance(e)).findFirst().orElse(INTERNAL);
    }

    @Override public int getExitCode(Throwable e) { return of(cause(e)).exitCode(); }

    /** Prints the error's line (and hint; with {@code verbose}, an internal error's trace) and returns its exit code. */
    int report(Throwable thrown, PrintWriter err, boolean verbose) {
        Throwable e = cause(thrown);
        Row row = of(e);
        boolean internal = row == INTERNAL;
        ErrorLines.print(err, row.line().apply(e) + (internal && !verbose ? " (--verbose shows the trace)" : ""));
        if (internal && verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(l -> err.println(Printable.clean(l.replace("\t", "    "))));
        }
        row.hint().ifPresent(err::println);
        err.flush();
        return row.exitCode();
    }

    /** An Error that ended a command comes wrapped by {@link Commands}' execution strategy. */
    private static Throwable cause(Throwable e) {
        return e instanceof CommandLine.ExecutionException x && x.getCause() instanceof Error error ? error : e;
    }
}
