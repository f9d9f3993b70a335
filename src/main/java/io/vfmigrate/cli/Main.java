package io.vfmigrate.cli;

import java.util.List;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // slf4j-simple reads its level once, from system properties, before picocli parses anything
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel(args, System.getenv("VFMIGRATE_LOG_LEVEL")));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
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
