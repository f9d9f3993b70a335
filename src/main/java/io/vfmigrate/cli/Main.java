package io.vfmigrate.cli;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // slf4j-simple reads its level once, from system properties: warnings only unless asked.
        String level = System.getenv("VFMIGRATE_LOG_LEVEL");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level == null || level.isBlank() ? "warn" : level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        int code;
        try (RealWiring wiring = new RealWiring()) {
            code = Commands.create(wiring).execute(args);
        }
        System.exit(code);
    }
}
