package io.vfmigrate.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the built jar as an operator would, against the lab's inventory; with VFMIGRATE_TEST_COMMAND set
 * (e.g. to the package's /usr/bin/vfmigrate), that command instead, except for the crash tests.
 */
public final class Vfmigrate {
    public static final Path JAR = Path.of("target/vfmigrate.jar").toAbsolutePath();
    private static final String INSTALLED = System.getenv().getOrDefault("VFMIGRATE_TEST_COMMAND", "").strip();
    /** The JVM as the README starts the CLI: the client compiler only and the serial collector. */
    private static final List<String> JVM = List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /**
     * A class-data archive of the CLI's classes, made by the test command after the build (test-fixtures/run-tests):
     * each of the lab tests' few hundred CLI starts loads its classes from it, about 0.2 s sooner. A stale or
     * missing archive only costs that time (the JVM then loads the jar as usual, silently).
     */
    public static final Path CLASS_ARCHIVE = Path.of("target/vfmigrate.jsa").toAbsolutePath();
    /**
     * How the README (and docs/cli.md) tell operators to start the CLI: {@code java} with the client compiler only and the
     * serial collector (a run is short; C2 compiles for seconds on cores the guests and daemons need), then
     * {@code -jar JAR}; or the installed launcher, which does the same.
     */
    public static final List<String> COMMAND = !INSTALLED.isEmpty() ? List.of(INSTALLED) : command();
    /**
     * The same CLI for the crash tests: the test classes after the jar, started through {@code CrashTestMain},
     * whose runs die (VFMIGRATE_TEST_KILL_AFTER_STEP=N) or freeze (VFMIGRATE_TEST_STOP_AFTER_STEP=N) after step N.
     * The jar itself has no such switch.
     */
    public static final List<String> CRASH_TEST_COMMAND = crashTestCommand();
    /** The journal of the lab runs of this JVM: never the operator's default state directory. */
    public static final Path STATE = tempState();

    private Vfmigrate() {}

    private static List<String> command() {
        List<String> c = new ArrayList<>(JVM);
        if (Files.exists(CLASS_ARCHIVE)) c.addAll(List.of("-XX:SharedArchiveFile=" + CLASS_ARCHIVE, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        c.addAll(List.of("-jar", JAR.toString()));
        return List.copyOf(c);
    }

    private static List<String> crashTestCommand() {
        List<String> c = new ArrayList<>(JVM);
        c.addAll(List.of("-cp", JAR + ":" + Path.of("target/test-classes").toAbsolutePath(), "io.vfmigrate.cli.CrashTestMain"));
        return List.copyOf(c);
    }

    private static Path tempState() {
        try {
            return Files.createTempDirectory("vfmigrate-lab-state");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command line of the CLI against the lab's inventory and {@code state}, then {@code args}. */
    public static List<String> argv(String state, String... args) {
        return argv(COMMAND, state, args);
    }

    /** The command line of the CLI against {@code inventory} and {@code state}, then {@code args}. */
    public static List<String> argv(Path inventory, String state, String... args) {
        return argv(COMMAND, inventory, state, args);
    }

    /** As {@link #argv}, through {@link #CRASH_TEST_COMMAND}: for a process given a VFMIGRATE_TEST_ variable. */
    public static List<String> crashTestArgv(String state, String... args) {
        return argv(CRASH_TEST_COMMAND, state, args);
    }

    private static List<String> argv(List<String> command, String state, String... args) {
        return argv(command, Lab.INVENTORY, state, args);
    }

    private static List<String> argv(List<String> command, Path inventory, String state, String... args) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("--inventory", inventory.toString(), "--state", state));
        argv.addAll(List.of(args));
        return argv;
    }

    public static Shell.Result runWithState(String state, String... args) {
        return Shell.run(600, Map.of(), argv(state, args));
    }

    /**
     * The CLI in the lab's management namespace (`lab mgmt --`), as a coordinator on its own machine: every libvirt
     * connection and host command of {@code inventory} (the lab's TLS or SSH inventory) crosses the lab network.
     */
    public static Shell.Result fromManagement(Path inventory, String... args) {
        return Shell.run(600, Map.of(), managementArgv(inventory, args));
    }

    /** The command line of {@link #fromManagement}. */
    public static List<String> managementArgv(Path inventory, String... args) {
        List<String> argv = new ArrayList<>(List.of(Shell.LAB.toString(), "mgmt", "--"));
        argv.addAll(argv(COMMAND, inventory, STATE.toString(), args));
        return argv;
    }

    public static Shell.Result run(Path inventory, Map<String, String> env, String... args) {
        boolean crashTest = env.keySet().stream().anyMatch(k -> k.startsWith("VFMIGRATE_TEST_"));
        if ((crashTest || INSTALLED.isEmpty()) && !Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run `mvn -DskipTests package` first");
        }
        return Shell.run(600, env, argv(crashTest ? CRASH_TEST_COMMAND : COMMAND, inventory, STATE.toString(), args));
    }

    /** The preflight check named {@code check} of a plan that `--dry-run --output json` printed, if it is there. */
    public static java.util.Optional<com.fasterxml.jackson.databind.JsonNode> preflightCheck(String planJson, String check) {
        try {
            for (var c : new com.fasterxml.jackson.databind.ObjectMapper().readTree(planJson).path("preflight")) {
                if (c.path("check").asText().equals(check)) return java.util.Optional.of(c);
            }
            return java.util.Optional.empty();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not a JSON plan: " + planJson, e);
        }
    }
}
