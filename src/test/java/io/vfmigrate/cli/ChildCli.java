package io.vfmigrate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a process of its own (the test classpath, {@link Main}), for what one JVM cannot vary:
 * the umask and the working directory.
 */
final class ChildCli {
    record Result(int exitCode, String out, String err) {}

    private ChildCli() {}

    static Result run(Path workingDirectory, String umask, String... args) throws IOException, InterruptedException {
        return run(workingDirectory, umask, java.util.Map.of(), args);
    }

    /** With {@code environment} set for the child (XDG_STATE_HOME, HOME: where its default store is). */
    static Result run(Path workingDirectory, String umask, java.util.Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDirectory.toFile());
        pb.environment().remove("VFMIGRATE_INVENTORY");
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("vfmigrate " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(p.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8), new String(err.readAllBytes(), StandardCharsets.UTF_8));
    }
}
