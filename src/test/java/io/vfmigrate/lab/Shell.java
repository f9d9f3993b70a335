package io.vfmigrate.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the lab's command and other processes for tests, the demo and the benchmark. */
public final class Shell {
    public static final Path LAB = Path.of("test-fixtures/lab/lab").toAbsolutePath();

    public record Result(int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) throw new IllegalStateException("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    private Shell() {}

    public static Result lab(String... args) {
        List<String> argv = new ArrayList<>(List.of(LAB.toString()));
        argv.addAll(List.of(args));
        return run(300, Map.of(), argv);
    }

    public static Result run(int timeoutSeconds, Map<String, String> env, List<String> argv) {
        try {
            Path out = Files.createTempFile("vfm-out", ".txt");
            Path err = Files.createTempFile("vfm-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            long started = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", argv));
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            logTime(started, r.exit(), argv);
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", argv) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** With VFM_TEST_COMMAND_LOG set, each command's milliseconds, exit and argv go to that file: where a test's time goes. */
    private static void logTime(long started, int exit, List<String> argv) throws IOException {
        String log = System.getenv("VFM_TEST_COMMAND_LOG");
        if (log == null || log.isBlank()) return;
        String line = String.format("%d %d %s%n", (System.nanoTime() - started) / 1_000_000, exit, String.join(" ", argv));
        Files.writeString(Path.of(log), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** SIGINT to one process we started, by its pid. */
    static void interrupt(long pid) {
        run(10, Map.of(), List.of("kill", "-INT", Long.toString(pid)));
    }

    /**
     * SIGTERM to one process we started, by its pid. Not {@code Process.destroy()}: that also closes
     * our ends of the process's pipes, so what it prints on its way out would be lost.
     */
    static void terminate(long pid) {
        run(10, Map.of(), List.of("kill", "-TERM", Long.toString(pid)));
    }
}
