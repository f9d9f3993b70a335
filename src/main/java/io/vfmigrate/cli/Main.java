package io.vfmigrate.cli;

import io.vfmigrate.workflow.RunListener;
import java.util.List;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, List.of()));
    }

    /** The exit code of the command line {@code args}, every run also heard by {@code runListeners}. */
    static int run(String[] args, List<RunListener> runListeners) {
        // the level on stderr is decided once, before picocli parses anything
        LogSetup.configure(logLevel(args, System.getenv("VFMIGRATE_LOG_LEVEL")));
        try (RealWiring wiring = new RealWiring(runListeners)) {
            return Commands.create(wiring).execute(args);
        }
    }

    /** --verbose: info; --quiet: errors only; else VFMIGRATE_LOG_LEVEL, else warnings. */
    static String logLevel(String[] args, String environment) {
        List<String> a = List.of(args);
        if (a.contains("--verbose") || a.contains("-v")) return "info";
        if (a.contains("--quiet") || a.contains("-q")) return "error";
        return environment == null || environment.isBlank() ? "warn" : environment;
    }
}
