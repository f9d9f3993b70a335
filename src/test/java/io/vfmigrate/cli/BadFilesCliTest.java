package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vfmigrate.app.Services;
import io.vfmigrate.fakes.Harness;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files and directories given on the command line, as a table: what to write where, the
 * arguments, and the words the one-line error must hold. Every case: exit code 2, one line on stderr,
 * no host touched, no run journaled, nothing written beside the inputs. Add a row to add a case.
 */
class BadFilesCliTest {
    @TempDir Path dir;

    /** {@code setup} prepares the files in the directory; {@code args} may name {@code DIR}, replaced by it. */
    record Case(String label, Setup setup, List<String> args, List<String> words) {}

    interface Setup { void in(Path dir) throws Exception; }

    static Case of(String label, Setup setup, String args, String... words) {
        return new Case(label, setup, List.of(args.split(" ")), List.of(words));
    }

    static final String MIGRATE = "migrate vm1 --to host-b --dry-run --inventory DIR/inv.yaml";

    static Setup inventory(String text) { return d -> Files.writeString(d.resolve("inv.yaml"), text); }

    static Setup inventoryAnd(String name, String text) {
        return d -> {
            Files.writeString(d.resolve("inv.yaml"), Harness.INVENTORY);
            Files.writeString(d.resolve(name), text);
        };
    }

    static Setup fifo(String name) {
        return d -> {
            Files.writeString(d.resolve("inv.yaml"), Harness.INVENTORY);
            assertEquals(0, new ProcessBuilder("mkfifo", d.resolve(name).toString()).start().waitFor());
        };
    }

    /** {@code setup}, then {@code name} in the directory given {@code mode} (as {@code chmod} takes it, e.g. "rw-rw-r--"). */
    static Setup withMode(Setup setup, String name, String mode) {
        return d -> {
            setup.in(d);
            Files.setPosixFilePermissions(d.resolve(name), java.nio.file.attribute.PosixFilePermissions.fromString(mode));
        };
    }

    static final List<Case> CASES = List.of(
            // files that decide which commands run as this user, writable by others
            of("a group-writable inventory", withMode(inventory(Harness.INVENTORY), "inv.yaml", "rw-rw-r--"), MIGRATE,
                    "inv.yaml", "writable by its group (mode 0664)", "chmod go-w"),
            of("a world-writable inventory", withMode(inventory(Harness.INVENTORY), "inv.yaml", "rw-rw-rw-"), MIGRATE,
                    "inv.yaml", "writable by its group and by others (mode 0666)"),
            of("a workflow file writable by others", withMode(inventoryAnd("wf.yaml", "name: x\nsteps:\n  - type: migrate\n"), "wf.yaml",
                    "rw-r--rw-"), MIGRATE + " --workflow DIR/wf.yaml", "wf.yaml", "writable by others (mode 0646)"),
            of("a group-writable --workflows DIR", withMode(d -> {
                Files.writeString(d.resolve("inv.yaml"), Harness.INVENTORY);
                Files.createDirectory(d.resolve("wfs"));
            }, "wfs", "rwxrwx---"), MIGRATE + " --workflows DIR/wfs", "--workflows", "wfs", "writable by its group (mode 0770)"),
            of("--workflows DIR that does not exist", inventory(Harness.INVENTORY), MIGRATE + " --workflows DIR/workflowz",
                    "--workflows", "workflowz", "no such directory"),
            of("--workflows given before the command", inventory(Harness.INVENTORY), "--workflows DIR/workflowz " + MIGRATE,
                    "workflowz", "no such directory"),
            of("--workflows naming a file", inventory(Harness.INVENTORY), MIGRATE + " --workflows DIR/inv.yaml",
                    "--workflows", "not a directory"),
            of("an inventory that is a FIFO", fifo("fifo.yaml"), MIGRATE.replace("inv.yaml", "fifo.yaml"), "fifo.yaml", "not a regular file"),
            of("an inventory that is a device", inventory(Harness.INVENTORY), MIGRATE.replace("DIR/inv.yaml", "/dev/zero"),
                    "/dev/zero", "not a regular file"),
            of("an inventory that is a directory", inventory(Harness.INVENTORY), MIGRATE.replace("DIR/inv.yaml", "DIR"), "directory"),
            of("a workflow that is a FIFO", fifo("wf.yaml"), MIGRATE + " --workflow DIR/wf.yaml", "wf.yaml", "not a regular file"),
            of("a workflow that is a device", inventory(Harness.INVENTORY), MIGRATE + " --workflow /dev/zero", "/dev/zero", "not a regular file"),
            of("a workflow that leaves the VM without network", inventoryAnd("wf.yaml", "name: x\nsteps:\n  - type: detach-vf\n  - type: migrate\n"),
                    MIGRATE + " --workflow DIR/wf.yaml", "wf.yaml:3:", "later attach-vf"),
            of("a workflow with a wait of years", inventoryAnd("wf.yaml", "name: x\nsteps:\n  - type: migrate\n  - type: wait\n"
                    + "    params: {duration: 999999999h}\n"), MIGRATE + " --workflow DIR/wf.yaml", "wf.yaml:5:", "out of range"),
            of("a guest-command without a program", inventoryAnd("wf.yaml", "name: x\nsteps:\n  - type: migrate\n  - type: guest-command\n"
                    + "    params:\n      argv: [\"\"]\n"), MIGRATE + " --workflow DIR/wf.yaml", "wf.yaml:6:", "steps[1].params.argv",
                    "needs a program first"),
            of("a workflow named in --workflows with an alias", d -> {
                Files.writeString(d.resolve("inv.yaml"), Harness.INVENTORY);
                Files.createDirectory(d.resolve("wfs"));
                Files.writeString(d.resolve("wfs/mine.yaml"), "name: mine\nsteps:\n  - &m {type: migrate}\n");
            }, MIGRATE + " --workflows DIR/wfs --workflow mine", "mine.yaml:3:", "anchors"),
            of("an inventory with an alias", inventory(Harness.INVENTORY.replace("physnet0:\n        vf-pool", "physnet0: &n\n        vf-pool")),
                    MIGRATE, "inv.yaml:6:", "anchors"),
            of("an inventory in Latin-1", d -> Files.write(d.resolve("inv.yaml"),
                    ("# r\u00e9seau\n" + Harness.INVENTORY).getBytes(StandardCharsets.ISO_8859_1)), MIGRATE, "inv.yaml:1:", "not UTF-8"),
            of("an inventory with a syntax error", inventory(Harness.INVENTORY.replace("slots: 4}", "slots: 4")), MIGRATE,
                    "inv.yaml:", "not valid YAML"),
            of("an inventory of two documents", inventory(Harness.INVENTORY + "---\n" + Harness.INVENTORY), MIGRATE, "inv.yaml:",
                    "one YAML document"));

    @TestFactory
    Stream<DynamicTest> refusedWithExitCode2AndOneLine() {
        return CASES.stream().map(c -> dynamicTest(c.label(), () -> refused(c)));
    }

    private void refused(Case c) throws Exception {
        Path dir = Files.createTempDirectory(this.dir, "case");
        c.setup().in(dir);
        List<Path> before = listing(dir);
        Harness h = new Harness();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var opened = new java.util.concurrent.atomic.AtomicInteger();
        Wiring wiring = (inventory, workflows, options) -> {
            opened.incrementAndGet();
            Services s = h.services();
            return Harness.with(s, inventory, workflows);
        };
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] args = c.args().stream().map(a -> a.replace("DIR", dir.toString())).toArray(String[]::new);
        int code = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cl.execute(args), "a special file must not hang the command");
        assertEquals(2, code, () -> out + "\n" + err);
        String message = err.toString().strip();
        assertFalse(message.contains("\n"), () -> "more than one line: " + message);
        assertTrue(message.startsWith("error: "), message);
        assertFalse(message.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f), () -> "a control character in: " + message);
        for (String w : c.words()) assertTrue(message.contains(w), () -> "'" + w + "' not in: " + message);
        assertEquals(List.of(), h.world.mutations, "no host is touched");
        assertTrue(h.journal.runs(true).isEmpty(), "no run is journaled");
        assertEquals(before, listing(dir), "nothing is written beside the inputs");
        if (!c.args().contains("--workflow")) {
            // the workflow itself is loaded by the use case, once the services (and the state store) are open
            assertEquals(0, opened.get(), "a bad inventory or --workflows is refused before the state store is opened");
        }
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return new ArrayList<>(files.sorted().toList());
        }
    }
}
