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
     * How the README tells operators to start the CLI: {@code java} with the client compiler only and the
     * serial collector (a run is short; C2 compiles for seconds on cores the guests and daemons need), then
     * {@code -jar JAR}.
     */
    public static final List<String> COMMAND = List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString());
    /** The journal of the lab runs of this JVM: never the operator's default state directory. */
    public static final Path STATE = tempState();

    private Vfmigrate() {}

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
