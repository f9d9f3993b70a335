package io.vfmigrate.cli;

import java.util.List;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // the level on stderr is decided once, before picocli parses anything
        LogSetup.configure(logLevel(args, System.getenv("VFMIGRATE_LOG_LEVEL")));
        int code;
        try (RealWiring wiring = new RealWiring()) {
            code = Commands.create(wiring).execute(args);
        }
        System.exit(code);
    }

    /** --verbose: info; --quiet: errors only; else VFMIGRATE_LOG_LEVEL, else warnings. */
    static String logLevel(String[] args, String environment) {
        List<String> a = List.of(args);
        if (a.contains("--verbose") || a.contains("-v")) return "info";
        if (a.contains("--quiet") || a.contains("-q")) return "error";
        return environment == null || environment.isBlank() ? "warn" : environment;
    }
}
