package io.vfmigrate.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the built jar as an operator would, against the lab's inventory. */
public final class Vfmigrate {
    public static final Path JAR = Path.of("target/vfmigrate.jar").toAbsolutePath();
    /**
     * A class-data archive of the CLI's classes, made by the test command after the build (test-fixtures/run-tests):
     * each of the lab tests' few hundred CLI starts loads its classes from it, about 0.2 s sooner. A stale or
     * missing archive only costs that time (the JVM then loads the jar as usual, silently).
     */
    public static final Path CLASS_ARCHIVE = Path.of("target/vfmigrate.jsa").toAbsolutePath();
    /**
     * How the README (and docs/cli.md) tell operators to start the CLI: {@code java} with the client compiler only and the
     * serial collector (a run is short; C2 compiles for seconds on cores the guests and daemons need), then
     * {@code -jar JAR}.
     */
    public static final List<String> COMMAND = command();
    /** The journal of the lab runs of this JVM: never the operator's default state directory. */
    public static final Path STATE = tempState();

    private Vfmigrate() {}

    private static List<String> command() {
        List<String> c = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (Files.exists(CLASS_ARCHIVE)) c.addAll(List.of("-XX:SharedArchiveFile=" + CLASS_ARCHIVE, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        c.addAll(List.of("-jar", JAR.toString()));
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
        List<String> argv = new ArrayList<>(COMMAND);
        argv.addAll(List.of("--inventory", Lab.INVENTORY.toString(), "--state", state));
        argv.addAll(List.of(args));
        return argv;
    }

    public static Shell.Result runWithState(String state, String... args) {
        return Shell.run(600, Map.of(), argv(state, args));
    }

    public static Shell.Result run(Path inventory, Map<String, String> env, String... args) {
        if (!Files.exists(JAR)) throw new IllegalStateException(JAR + " is missing: run `mvn -DskipTests package` first");
        List<String> argv = new ArrayList<>(COMMAND);
        argv.addAll(List.of("--inventory", inventory.toString(),
                "--state", STATE.toString()));
        argv.addAll(List.of(args));
        return Shell.run(600, env, argv);
    }
}
