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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, table-driven: each row is the arguments, the exit code, words the one-line message must hold.
 * The CLI runs on the real wiring (the real state store) with fake hosts; {@code --state} points at a
 * directory that must still not exist afterwards: a refused command creates nothing.
 * In the arguments, INV is the good inventory, NOINV a file that does not exist, STATE the state directory,
 * BADWF a workflow file with an unknown step type.
 */
class BadInputTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    RealWiring wiring;

    static Stream<Arguments> cases() {
        return Stream.of(
                row("migrate vm1 --to host-z --inventory INV", 2, "error:", "unknown host 'host-z'"),
                row("migrate vm1 --to host-z --inventory INV --dry-run", 2, "error:", "unknown host 'host-z'"),
                row("migrate vm1 --to host-b --from host-q --inventory INV", 2, "error:", "unknown host 'host-q'"),
                row("--lease-ttl soon migrate vm1 --to host-b --inventory INV", 2, "error:", "--lease-ttl"),
                row("--lease-ttl 10ms migrate vm1 --to host-b --inventory INV", 2, "error:", "--lease-ttl", "at least 1s"),
                row("migrate vm1 --to host-b --inventory INV --workflow nonesuch", 2, "error:", "unknown workflow 'nonesuch'"),
                row("migrate vm1 --to host-b --inventory INV --workflow BADWF", 2, "error:", "unknown step type 'teleport'"),
                row("migrate vm1 --to host-b --inventory NOINV", 2, "error:", "no such file"),
                row("resume r-none --inventory INV", 2, "error:", "no run 'r-none'"),
                row("rollback r-none --inventory INV", 2, "error:", "no run 'r-none'"),
                row("close r-none --inventory INV", 2, "error:", "no run 'r-none'"),
                row("show r-none --inventory NOINV", 2, "error:", "no run 'r-none'"),
                row("show r-none --inventory NOINV --output json", 2, "error:", "no run 'r-none'"),
                row("migrate vm1 --inventory INV", 2, "error:", "--to", "see `vfmigrate help migrate`"),
                row("migrate vm1 --to host-b --inventory INV --speed 3", 2, "error:", "--speed", "see `vfmigrate help migrate`"),
                row("migrate vm1 --to host-b --inventory INV --output yaml", 2, "error:", "--output", "yaml"),
                row("teleport vm1", 2, "error:", "teleport", "see `vfmigrate help`"),
                row("--state postgresql://u:hunter2@db/vfm runs", 2, "error:", "not supported", "jdbc:postgresql://"),
                row("--state postgres://db/vfm runs", 2, "error:", "not supported"),
                row("--state http://db/vfm show r1", 2, "error:", "not supported"),
                row("--state jdbc:mysql://db/vfm runs", 2, "error:", "not supported"),
                // a unit's `--state ${VFMIGRATE_STATE}` with the variable unset: never the default store
                row("--state= runs", 2, "error:", "--state", "empty"),
                row("runs --state=", 2, "error:", "--state", "empty"),
                row("--state= migrate vm1 --to host-b --inventory INV --dry-run", 2, "error:", "--state", "empty"),
                row("--inventory= validate", 2, "error:", "--inventory", "empty"),
                row("--workflows= --inventory INV workflows", 2, "error:", "--workflows", "empty"));
    }

    private static Arguments row(String args, int exit, String... words) {
        return Arguments.of(args, exit, List.of(words));
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @MethodSource("cases")
    void isRefusedInOneLineAndCreatesNothing(String args, int exit, List<String> words) throws Exception {
        Path state = dir.resolve("state");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(state, args, out, err);
        assertEquals(exit, code, () -> "out: " + out + "\nerr: " + err);
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(!lines.isEmpty() && lines.size() <= 2, () -> "one line (and perhaps a hint) expected, got: " + err);
        assertTrue(lines.get(0).startsWith("error: "), () -> "expected an error line: " + err);
        if (lines.size() == 2) assertTrue(lines.get(1).startsWith("see `vfmigrate help"), () -> "the second line is a hint: " + err);
        for (String w : words) assertTrue(err.toString().contains(w), () -> "'" + w + "' missing from: " + err);
        assertFalse(err.toString().contains("hunter2"), err::toString);
        assertFalse(Files.exists(state), "a refused command created the state directory " + state);
        assertFalse(Files.exists(Path.of("postgresql:")) || Files.exists(Path.of("postgres:")) || Files.exists(Path.of("http:")),
                "a URL became a directory");
        assertEquals(List.of(), h.world.mutations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readOnly")
    void readOnlyCommandsCreateNoStore(String args, String expected) throws Exception {
        Path state = dir.resolve("state");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(state, args, out, err), () -> "out: " + out + "\nerr: " + err);
        assertTrue(out.toString().contains(expected), out::toString);
        assertFalse(Files.exists(state), "created " + state);
    }

    static Stream<Arguments> readOnly() {
        return Stream.of(
                Arguments.of("migrate vm1 --to host-b --inventory INV --dry-run", "Plan: migrate vm1"),
                Arguments.of("migrate vm1 --to host-b --inventory INV --dry-run --output json", "\"exit-code\" : 0"),
                Arguments.of("runs --inventory NOINV", "no open runs"),
                Arguments.of("runs --all --output json --inventory NOINV", "[ ]"));
    }

    int run(Path state, String args, StringWriter out, StringWriter err) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        Files.writeString(inv, Harness.INVENTORY);
        Path badWf = dir.resolve("bad.yaml");
        Files.writeString(badWf, "name: bad\nsteps:\n  - type: migrate\n  - type: teleport\n");
        List<String> argv = new ArrayList<>();
        if (!args.contains("--state")) argv.add("--state=" + state);
        for (String a : args.split(" ")) {
            argv.add(a.replace("NOINV", dir.resolve("missing.yaml").toString()).replace("INV", inv.toString())
                    .replace("BADWF", badWf.toString()));
        }
        wiring = new RealWiring(h.connector(), h.clock, h.clock);
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(argv.toArray(String[]::new));
    }

    @AfterEach
    void close() {
        if (wiring != null) wiring.close();
    }
}
