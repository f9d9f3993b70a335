package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An internal error (a bug, a library failing in a way nobody foresaw) is one line and a hint without
 * --verbose, exit code 3; with --verbose its stack trace follows the line. An Error too, not only an exception.
 */
class InternalErrorCliTest {
    @TempDir Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(Supplier<RuntimeException> thrown, String... args) throws Exception {
        return runThrowing(() -> { throw thrown.get(); }, args);
    }

    int runThrowing(Runnable services, String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        Files.writeString(inv, Harness.INVENTORY);
        Wiring wiring = (inventory, workflows, options) -> {
            services.run();
            return null;
        };
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--inventory", inv.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void withoutVerboseOneLineSaysHowToSeeTheTraceAndWhatToCheck() throws Exception {
        assertEquals(3, run(() -> new ArithmeticException("long overflow"), "migrate", "vm1", "--to", "host-b"));
        List<String> lines = err.toString().lines().toList();
        assertEquals(List.of("error: internal error: java.lang.ArithmeticException: long overflow (--verbose shows the trace)",
                "check `vfmigrate runs` for a run left open"), lines);
    }

    @Test
    void withVerboseTheTraceFollowsTheLine() throws Exception {
        assertEquals(3, run(() -> new ArithmeticException("long overflow"), "migrate", "vm1", "--to", "host-b", "--verbose"));
        List<String> lines = err.toString().lines().toList();
        assertEquals("error: internal error: java.lang.ArithmeticException: long overflow", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("    at io.vfmigrate.cli.InternalErrorCliTest")), err::toString);
        assertEquals("check `vfmigrate runs` for a run left open", lines.get(lines.size() - 1));
    }

    @Test
    void anErrorIsOneLineToo() throws Exception {
        assertEquals(3, runThrowing(() -> { throw new StackOverflowError(); }, "-q", "migrate", "vm1", "--to", "host-b"));
        assertEquals(List.of("error: internal error: java.lang.StackOverflowError (--verbose shows the trace)",
                "check `vfmigrate runs` for a run left open"), err.toString().lines().toList());
        assertFalse(out.toString().contains("\tat "), out::toString);
    }

    @Test
    void refusalsKeepTheirExitCodeFromTheSameTable() {
        ErrorExits exits = new ErrorExits();
        assertEquals(2, exits.getExitCode(new io.vfmigrate.config.ConfigException("bad")));
        assertEquals(2, exits.getExitCode(new IllegalArgumentException("bad")));
        assertEquals(3, exits.getExitCode(new ArithmeticException("long overflow")));
        assertEquals(3, exits.getExitCode(new StackOverflowError()));
    }
}
