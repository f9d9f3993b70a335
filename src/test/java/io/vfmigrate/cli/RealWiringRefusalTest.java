package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real wiring (its store, its log file) creates nothing for a command refused before any run. */
class RealWiringRefusalTest {
    @TempDir Path dir;

    @Test
    void aBadWorkflowCreatesNoStateDirectoryNorLogFile() throws Exception {
        Path inventory = Files.writeString(dir.resolve("inv.yaml"), Harness.INVENTORY);
        Path workflow = Files.writeString(dir.resolve("bad.yaml"), "name: bad\nsteps:\n  - type: teleport\n");
        Path state = dir.resolve("state");
        StringWriter err = new StringWriter();
        try (RealWiring wiring = new RealWiring()) {
            var cl = Commands.create(wiring);
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("--inventory", inventory.toString(), "--state", state.toString(), "migrate", "vm1", "--to", "host-b",
                    "--workflow", workflow.toString());
            assertEquals(2, code, err::toString);
        }
        assertTrue(err.toString().contains("teleport"), err::toString);
        assertFalse(Files.exists(state), "no state directory for a refused command");
    }

    /** The CLI on the real wiring (real libvirt, the real store); stdout dropped, stderr into {@code err}. */
    static int run(StringWriter err, String... args) {
        try (RealWiring wiring = new RealWiring()) {
            var cl = Commands.create(wiring);
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err));
            return cl.execute(args);
        }
    }

    /** Issue 18.10: the VM is looked for (read-only) before its lease is taken, so an unknown VM creates no store. */
    @Test
    void aRealMigrateOfAnUnknownVmCreatesNoStore() throws Exception {
        Path inventory = Files.writeString(dir.resolve("inv.yaml"), Harness.INVENTORY);
        Path state = dir.resolve("state");
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--inventory", inventory.toString(), "--state", state.toString(), "migrate", "no-such-vm", "--to", "host-b"),
                err::toString);
        assertTrue(err.toString().contains("no-such-vm"), err::toString);
        assertFalse(Files.exists(state), "no state directory for a refused migrate");
    }

    /** Issue 18.10: an evacuation refused before it starts creates no state directory and no logs/. */
    @Test
    void aRefusedEvacuationCreatesNoLogDirectory() throws Exception {
        Path inventory = Files.writeString(dir.resolve("inv.yaml"), Harness.INVENTORY);
        Path state = dir.resolve("state");
        StringWriter err = new StringWriter();
        int code = run(err, "--inventory", inventory.toString(), "--state", state.toString(), "evacuate", "host-a", "--to", "no-such-host");
        assertEquals(2, code, err::toString);
        assertFalse(Files.exists(state.resolve("logs")), "no logs/ for a refused evacuation");
        assertFalse(Files.exists(state), "no state directory for a refused evacuation");
    }

    /** Issue 18.10: an empty file where the store should be is a damaged store, never initialised silently. */
    @Test
    void aZeroByteStoreFileIsRefusedAndLeftAsItIs() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path db = Files.createFile(state.resolve("vfmigrate.db"));
        Files.setLastModifiedTime(db, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--state", state.toString(), "runs"), err::toString);
        assertEquals(1, err.toString().strip().lines().count(), err::toString);
        assertTrue(err.toString().contains(db.toString()) && err.toString().contains("not a vfmigrate store"), err::toString);
        assertEquals(0, Files.size(db), "the file is left as it was");
        assertEquals(java.util.List.of(db), java.util.List.copyOf(Files.list(state).toList()), "nothing else created");
    }
}
