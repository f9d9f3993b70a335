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
}
