package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure defaults: the state store created owner-only whatever the umask, a store that others may
 * write refused, and the working directory's inventory and workflows ignored where every user may
 * write. The umask and the working directory need a process of their own ({@link ChildCli}).
 */
class OwnerOnlyFilesCliTest {
    /** A host that is never asked: `host disable` and `validate` only read the inventory. */
    static final String INVENTORY = """
            hosts:
              host-a:
                libvirt-uri: qemu+ssh://host-a.invalid/system
                networks:
                  physnet0:
                    vf-pool: {type: emulated, bridge: br0, slots: 4}
                    temporary-port: [{type: macvtap, dev: br0}]
            """;

    @TempDir Path dir;

    static String mode(Path p) throws Exception { return PosixFilePermissions.toString(Files.getPosixFilePermissions(p)); }

    static void chmod(Path p, String mode) throws Exception { Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode)); }

    @Test
    void theStateStoreIsCreatedForItsOwnerOnlyUnderUmask0000() throws Exception {
        Path inv = Files.writeString(dir.resolve("inv.yaml"), INVENTORY);
        Path state = dir.resolve("home/.local/state/vfmigrate");
        var r = ChildCli.run(dir, "0000", "--state", state.toString(), "--inventory", inv.toString(), "host", "disable", "host-a");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("rwx------", mode(dir.resolve("home")), "each directory it had to create");
        assertEquals("rwx------", mode(state));
        try (var files = Files.list(state)) {
            List<Path> all = files.toList();
            assertTrue(all.contains(state.resolve("vfmigrate.db")), all::toString);
            for (Path f : all) assertEquals("rw-------", mode(f), f::toString);
        }
    }

    @Test
    void aStateStoreThatOthersMayWriteIsRefusedInOneLine() throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        chmod(state, "rwxrwx---");
        assertRefused(state, "the state store " + state + " is writable by its group (mode 0770)");
        chmod(state, "rwx------");
        Path db = Files.createFile(state.resolve("vfmigrate.db"));
        chmod(db, "rw-rw-rw-");
        assertRefused(state, "the state store " + db + " is writable by its group and by others (mode 0666)");
    }

    private void assertRefused(Path state, String message) throws Exception {
        Harness h = new Harness();
        StringWriter err = new StringWriter();
        try (RealWiring wiring = new RealWiring(h.connector(), h.clock, h.clock)) {
            var cl = Commands.create(wiring);
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err));
            assertEquals(2, cl.execute("--state", state.toString(), "runs"), err::toString);
        }
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err::toString);
        assertTrue(lines.get(0).startsWith("error: " + message) && lines.get(0).contains("chmod go-w"), err::toString);
    }

    @Test
    void aWorldWritableWorkingDirectorysInventoryAndWorkflowsAreIgnoredWithAWarning() throws Exception {
        Path cwd = Files.createDirectory(dir.resolve("shared"));
        Files.writeString(cwd.resolve("vfmigrate.yaml"), INVENTORY);
        Files.createDirectory(cwd.resolve("workflows"));
        Files.writeString(cwd.resolve("workflows/planted.yaml"), "name: planted\nsteps:\n  - type: migrate\n");
        chmod(cwd, "rwxrwxrwx");

        var validate = ChildCli.run(cwd, "0022", "validate");
        assertEquals(2, validate.exitCode(), validate::toString);
        assertEquals(List.of("warning: ignoring ./vfmigrate.yaml: the working directory " + cwd.toRealPath()
                        + " is writable by every user (mode 0777); give --inventory FILE (or VFMIGRATE_INVENTORY) to use it",
                "warning: ignoring ./workflows: the working directory " + cwd.toRealPath()
                        + " is writable by every user (mode 0777); give --workflows DIR to use it",
                "error: no inventory to read: give --inventory FILE (or VFMIGRATE_INVENTORY)"),
                validate.err().lines().toList());

        var workflows = ChildCli.run(cwd, "0022", "workflows");
        assertEquals(0, workflows.exitCode(), workflows::toString);
        assertFalse(workflows.out().contains("planted"), workflows::toString);

        chmod(cwd, "rwxr-xr-x");
        var trusted = ChildCli.run(cwd, "0022", "workflows");
        assertEquals(0, trusted.exitCode(), trusted::toString);
        assertTrue(trusted.out().contains("planted"), trusted::toString);
        assertEquals("", trusted.err());
    }
}
