package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, table-driven: each row is the arguments, the exit code, words the one-line message must hold.
 * The CLI runs on the real wiring (the real state store) with fake hosts; {@code --state} points at a
 * directory that must still not exist afterwards: a refused command creates nothing.
 * In the arguments, INV is the good inventory, NOINV a file that does not exist, STATE the state directory,
 * BADWF a workflow file with an unknown step type, FILE:NAME the file {@link #FILES} holds under NAME.
 */
class BadInputTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    RealWiring wiring;
    /** A port in use, for BUSYPORT in the arguments. */
    ServerSocket busy;

    /** Who gives the wrong file gets no line of it back: each holds the secret {@code hunter2}, never printed. */
    static final Map<String, String> FILES = Map.of(
            "pgpass", "db.example:5432:vfm:admin:hunter2\n",
            "unclosed.yaml", "hosts:\n  host-a: {libvirt-uri: \"hunter2\n",
            "escape.yaml", "password: \"hunter2\\q\"\n",
            "hex.yaml", "password: \"\\uhunter2\"\n",
            "colon.yaml", "password: hunter2: x\n",
            "tab.yaml", "hosts:\n\thunter2: 1\n",
            "tag.yaml", "password: !hunter2!x y\n",
            "list.yaml", "- hunter2\n",
            "noprogram.yaml", "name: x\nsteps:\n  - type: migrate\n  - type: guest-command\n    params:\n      argv: [\"\", x]\n");

    static Stream<Arguments> cases() {
        return Stream.of(
                row("migrate vm1 --to host-z --inventory INV", 2, "error:", "unknown host 'host-z'"),
                row("migrate vm1 --to host-z --inventory INV --dry-run", 2, "error:", "unknown host 'host-z'"),
                row("migrate vm1 --to host-b --from host-q --inventory INV", 2, "error:", "unknown host 'host-q'"),
                // refused by the preflight (issue 18.10): it runs before the VM's lease, so no store is created
                row("migrate vm1 --to host-a --inventory INV", 2, "error: preflight failed (destination-differs:", "nothing was changed"),
                row("migrate vm1 --from host-b --to host-a --inventory INV", 2, "error: preflight failed (vm-runs-on-source:",
                        "vm1 is not running on host-b"),
                row("--lease-ttl soon migrate vm1 --to host-b --inventory INV", 2, "error:", "--lease-ttl"),
                row("--lease-ttl 10ms migrate vm1 --to host-b --inventory INV", 2, "error:", "--lease-ttl", "1s..1h"),
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
                // numbers and durations: the option, the value and the range or the units (issues 17 and 18.9)
                row("--lease-ttl 999999999h evacuate host-a --inventory INV", 2, "--lease-ttl", "'999999999h'", "1s..1h"),
                row("evacuate host-a --inventory INV --lease-ttl 2d", 2, "--lease-ttl", "'2d'", "1s..1h"),
                row("serve --grace 1x --inventory INV", 2, "'--grace'", "'1x'", "ms, s, m, h, d"),
                row("serve --grace 2d --inventory INV", 2, "'--grace'", "'2d'", "0s..1d"),
                row("schedule add --evacuate host-a --cron '0 2 * * SUN' --window 8d --inventory INV", 2, "'--window'", "'8d'", "1ms..7d"),
                row("schedule add --evacuate host-a --cron '0 2 * * SUN' --window 7x --inventory INV", 2, "'--window'", "'7x'", "ms, s, m, h, d"),
                row("evacuate host-a --parallel 65 --inventory INV", 2, "'--parallel'", "'65'", "1..64"),
                row("evacuate host-a --parallel 0 --dry-run --inventory INV", 2, "'--parallel'", "'0'", "1..64"),
                row("evacuate host-a --parallel 99999999999 --inventory INV", 2, "'--parallel'", "'99999999999'"),
                row("evacuate host-a --max-per-destination 65 --inventory INV", 2, "'--max-per-destination'", "'65'", "1..64"),
                // maintenance (issue 21): an unknown host, a host not in maintenance, a bound out of range
                row("maintenance enter host-z --inventory INV", 2, "error:", "unknown host 'host-z'"),
                row("maintenance enter host-z --dry-run --inventory INV", 2, "error:", "unknown host 'host-z'"),
                row("maintenance enter host-a --to host-a --inventory INV", 2, "error:", "--to host-a: that is the host being evacuated"),
                row("maintenance exit host-z --inventory INV", 2, "error:", "unknown host 'host-z'"),
                row("maintenance exit host-a --inventory INV", 2, "error: host host-a is not in maintenance; nothing was changed"),
                row("maintenance exit host-a --dry-run --inventory INV", 2, "error: host host-a is not in maintenance; nothing was changed"),
                row("maintenance exit host-a --no-return --inventory INV", 2, "error: host host-a is not in maintenance; nothing was changed"),
                row("maintenance exit host-a --parallel 0 --inventory INV", 2, "'--parallel'", "'0'", "1..64"),
                row("maintenance status host-z --inventory INV", 2, "error:", "unknown host 'host-z'"),
                row("maintenance exit --inventory INV", 2, "error:", "HOST", "see `vfmigrate help maintenance exit`"),
                // rolling (issue 21.3): hosts, the hook and health as argument vectors, refused before any change
                row("rolling --hosts host-a,host-z --hook /bin/true --inventory INV", 2, "error:", "unknown host 'host-z'"),
                row("rolling --hosts host-a,host-b,host-a --hook /bin/true --inventory INV", 2, "error: --hosts: host 'host-a' is given twice"),
                row("rolling --hosts host-a --all --hook /bin/true --inventory INV", 2, "error: --hosts and --all together"),
                row("rolling --hook /bin/true --inventory INV", 2, "error: give the hosts: --hosts H1,H2,... or --all"),
                row("rolling --all --hook '' --inventory INV", 2, "error: --hook", "is empty"),
                row("rolling --all --hook '   ' --dry-run --inventory INV", 2, "error: --hook", "is empty"),
                row("rolling --all --hook /bin/upgrade\"now --inventory INV", 2, "error: --hook", "unbalanced \" quote"),
                row("rolling --all --hook /bin/true --health 'check \\q' --inventory INV", 2, "error: --health", "unknown escape"),
                row("rolling --all --inventory INV", 2, "error:", "--hook", "see `vfmigrate help rolling`"),
                row("rolling --all --hook /bin/true --hook-timeout 5x --inventory INV", 2, "'--hook-timeout'"),
                row("rolling --all --hook /bin/true --max-failed-hosts -1 --inventory INV", 2, "'--max-failed-hosts'", "'-1'"),
                row("rolling --all --hook /bin/true --health-timeout 2d --inventory INV", 2, "'--health-timeout'", "'2d'", "1s..1d"),
                row("rolling --hosts host-b,host-a --to host-a --hook /bin/true --inventory INV", 2, "error: --to names only host-a"),
                row("schedule add --evacuate host-a --cron '0 2 * * SUN' --parallel 65 --inventory INV", 2, "'--parallel'", "'65'", "1..64"),
                row("schedule add --evacuate host-a --cron '0 0 31 2 *' --inventory INV", 2, "--cron '0 0 31 2 *'", "matches no date"),
                row("schedule add --evacuate host-a --at 2026-12-06T02:00+05:00[Europe/Paris] --inventory INV", 2,
                        "--at '2026-12-06T02:00+05:00[Europe/Paris]'", "Europe/Paris is at +01:00 then, not +05:00"),
                row("schedule add --evacuate host-a --at 2026-12-06T02:00 --inventory INV", 2, "has no offset or zone", "[Europe/Paris]"),
                row("schedule add --cron '0 2 * * SUN' --inventory INV", 2, "--evacuate", "see `vfmigrate help schedule add`"),
                row("help schedule nonesuch", 2, "unknown command 'nonesuch' of `vfmigrate schedule`", "see `vfmigrate help schedule`"),
                row("migrate vm1 --to host-b --inventory INV --workflow FILE:noprogram.yaml", 2, "noprogram.yaml:6: steps[1].params.argv",
                        "needs a program first"),
                // serve --listen: a bad form, port or name when read, a port in use when bound, before any store is created
                row("serve --listen 127.0.0.1 --inventory INV", 2, "'--listen'", "ADDRESS:PORT"),
                row("serve --listen 127.0.0.1:65536 --inventory INV", 2, "'--listen'", "0..65535"),
                row("serve --listen nonesuch.invalid:9464 --inventory INV", 2, "'--listen'", "cannot resolve 'nonesuch.invalid'"),
                row("serve --listen 127.0.0.1:BUSYPORT --inventory INV", 2, "--listen 127.0.0.1:", "cannot listen there", "in use"),
                // an input file's content is never echoed (issue 18.12): file:line(:column) and the problem
                row("migrate vm1 --to host-b --inventory FILE:pgpass", 2, "pgpass:1: expected a mapping, found a single value"),
                row("migrate vm1 --to host-b --inventory INV --workflow FILE:pgpass", 2, "pgpass:1: expected a mapping"),
                row("hosts --inventory FILE:unclosed.yaml", 2, "unclosed.yaml:3:1: not valid YAML", "quoted scalar"),
                row("hosts --inventory FILE:escape.yaml", 2, "escape.yaml:1:20: not valid YAML", "unknown escape character"),
                row("hosts --inventory FILE:hex.yaml", 2, "hex.yaml:1:14: not valid YAML", "escape sequence"),
                row("hosts --inventory FILE:colon.yaml", 2, "colon.yaml:1:18: not valid YAML", "mapping values"),
                row("hosts --inventory FILE:tab.yaml", 2, "tab.yaml:2:1: not valid YAML", "cannot start any token"),
                row("hosts --inventory FILE:tag.yaml", 2, "tag.yaml:1:11: not valid YAML", "tag handle"),
                row("migrate vm1 --to host-b --inventory INV --workflow FILE:list.yaml", 2, "list.yaml:1: expected a mapping, found a list"),
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
        busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        // a refusal that failed to come would leave `serve` running: bounded
        int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run(state, args, out, err));
        assertEquals(exit, code, () -> "out: " + out + "\nerr: " + err);
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(!lines.isEmpty() && lines.size() <= 2, () -> "one line (and perhaps a hint) expected, got: " + err);
        assertTrue(lines.get(0).startsWith("error: "), () -> "expected an error line: " + err);
        if (lines.size() == 2) assertTrue(lines.get(1).startsWith("see `vfmigrate help"), () -> "the second line is a hint: " + err);
        for (String w : words) assertTrue(err.toString().contains(w), () -> "'" + w + "' missing from: " + err);
        assertFalse((out.toString() + err).contains("hunt"), () -> "the secret, or a part of it, in: " + out + err);
        assertFalse((out.toString() + err).chars().anyMatch(c -> (c < 0x20 && c != '\n') || c == 0x7f), () -> "a control character in: " + out + err);
        assertFalse(Files.exists(state), "a refused command created the state directory " + state);
        assertFalse(Files.exists(dir.resolve("logs")), "a refused command created a logs/ directory");
        assertFalse(Files.exists(Path.of("postgresql:")) || Files.exists(Path.of("postgres:")) || Files.exists(Path.of("http:")),
                "a URL became a directory");
        assertEquals(List.of(), h.world.mutations);
        if (lines.size() == 2) {
            String hint = lines.get(1).replaceAll("^see `vfmigrate (.*)`$", "$1");
            StringWriter usage = new StringWriter();
            assertEquals(0, run(state, hint, usage, new StringWriter()), () -> "the hint `" + lines.get(1) + "` does not run");
            assertTrue(usage.toString().startsWith("Usage: vfmigrate"), usage::toString);
        }
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
        for (var f : FILES.entrySet()) Files.writeString(dir.resolve(f.getKey()), f.getValue());
        for (String a : words(args)) {
            if (a.startsWith("FILE:")) a = dir.resolve(a.substring(5)).toString();
            argv.add(a.replace("NOINV", dir.resolve("missing.yaml").toString()).replace("INV", inv.toString())
                    .replace("BADWF", badWf.toString()).replace("BUSYPORT", busy == null ? "0" : String.valueOf(busy.getLocalPort())));
        }
        if (wiring != null) wiring.close();
        wiring = new RealWiring(h.connector(), h.clock, h.clock);
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(argv.toArray(String[]::new));
    }

    /** The arguments, split at spaces except inside single quotes: {@code --cron '0 2 * * SUN'} is two. */
    static List<String> words(String args) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(args);
        while (m.find()) words.add(m.group(1) != null ? m.group(1) : m.group(2));
        return words;
    }

    @AfterEach
    void close() throws Exception {
        if (wiring != null) wiring.close();
        if (busy != null) busy.close();
    }
}
