package io.vfmigrate.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the built jar as an operator would, against the lab's inventory. */
public final class Vfmigrate {
    public static final Path JAR = Path.of("target/vfmigrate.jar").toAbsolutePath();
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

    public static Shell.Result runWithState(String state, String... args) {
        List<String> argv = new ArrayList<>(List.of("java", "-jar", JAR.toString(), "--inventory", Lab.INVENTORY.toString(), "--state", state));
        argv.addAll(List.of(args));
        return Shell.run(600, Map.of(), argv);
    }

    public static Shell.Result run(Path inventory, Map<String, String> env, String... args) {
        if (!Files.exists(JAR)) throw new IllegalStateException(JAR + " is missing: run `mvn -DskipTests package` first");
        List<String> argv = new ArrayList<>(List.of("java", "-jar", JAR.toString(), "--inventory", inventory.toString(),
                "--state", STATE.toString()));
        argv.addAll(List.of(args));
        return Shell.run(600, env, argv);
    }
}
