package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.Services;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.MigrationRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration policy's {@code tls} key on the command line, in the inventory and in a workflow, against the fakes. */
class MigrationTlsCliTest {
    /** What libvirt says when a host's QEMU has no TLS certificates (qemu.conf's directory empty or missing). */
    static final String NO_CERTS = "internal error: unable to execute QEMU command 'object-add': Unable to access credentials "
            + "/etc/pki/qemu/ca-cert.pem: No such file or directory";

    @TempDir Path dir;
    final Harness h = new Harness();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) throws Exception {
        return runWith(Harness.INVENTORY, args);
    }

    int runWith(String inventory, String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        Files.writeString(inv, inventory);
        Wiring wiring = (i, workflows, options) -> Harness.with(h.services(), i, workflows);
        return CliRunner.execute(wiring, inv, out, err, args);
    }

    MigrationRequest theMigration() {
        assertEquals(1, h.a().migrations.size(), () -> out + "\n" + err);
        return h.a().migrations.get(0);
    }

    @Test
    void tlsYesOnTheCommandLineAsksForTheTlsFlagAndChecksBothHosts() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--policy", "tls=yes"), err::toString);
        assertTrue(theMigration().flags().contains(MigrationRequest.Flag.TLS));
        assertTrue(theMigration().policy().tls());
        assertTrue(h.a().calls().contains("libvirtVersion") && h.b().calls().contains("libvirtVersion"));
    }

    @Test
    void byDefaultTheStreamIsPlainAndNoTlsCheckRuns() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b"), err::toString);
        assertFalse(theMigration().flags().contains(MigrationRequest.Flag.TLS));
        assertFalse(theMigration().policy().tls());
        assertFalse(out.toString().contains("migration-tls"), out::toString);
        assertFalse(h.b().calls().contains("libvirtVersion"));
    }

    @Test
    void theDryRunShowsTlsAndItsSource() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run"), err::toString);
        assertTrue(out.toString().contains("tls: no (default)"), out::toString);
        out.getBuffer().setLength(0);
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--policy", "tls=yes"), err::toString);
        assertTrue(out.toString().contains("tls: yes (command line)"), out::toString);
        assertTrue(out.toString().contains("[OK     ] migration-tls") || out.toString().contains("migration-tls: libvirt on host-a and host-b"),
                out::toString);
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void theJsonDryRunCarriesTls() throws Exception {
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--output", "json", "--policy", "tls=yes"), err::toString);
        assertTrue(out.toString().contains("\"tls\":\"yes (command line)\"") || out.toString().contains("\"tls\" : \"yes (command line)\""),
                out::toString);
    }

    @Test
    void aBadValueOnTheCommandLineIsRefusedNamingTheKeyByEveryCommandThatMoves() throws Exception {
        for (List<String> command : List.of(List.of("migrate", "vm1", "--to", "host-b"), List.of("evacuate", "host-a"),
                List.of("maintenance", "enter", "host-a"), List.of("rolling", "--hosts", "host-a", "--hook", "/bin/true"))) {
            err.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--policy", "tls=maybe"));
            assertEquals(2, run(args.toArray(String[]::new)), () -> command + ": " + err);
            assertTrue(err.toString().contains("--policy tls: 'maybe' is not valid (yes|no"), () -> command + ": " + err);
        }
        assertEquals(List.of(), h.world.mutations);
        assertTrue(h.journal.runs(true).isEmpty());
    }

    @Test
    void aHostWhoseLibvirtIsTooOldIsRefusedAtPreflightAndNothingChanges() throws Exception {
        h.b().libvirtVersionNumber = 4_003_000;
        assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--policy", "tls=yes"));
        assertTrue(err.toString().contains("error: preflight failed (migration-tls: host-b runs libvirt 4.3.0: a TLS migration stream needs "
                + "4.4.0 or later"), err::toString);
        assertEquals(List.of(), h.world.mutations);
        assertTrue(h.a().migrations.isEmpty());
        assertTrue(h.a().runs("vm1"));
    }

    @Test
    void theInventoryDefaultsTurnTlsOnAndTheCommandLineTurnsItOff() throws Exception {
        String inv = "defaults:\n  migration: {tls: yes}\n" + Harness.INVENTORY;
        assertEquals(0, runWith(inv, "migrate", "vm1", "--to", "host-b", "--dry-run"), err::toString);
        assertTrue(out.toString().contains("tls: yes (inventory defaults)") || out.toString().matches("(?s).*tls: yes \\(inventory[^)]*\\).*"),
                out::toString);
        assertEquals(0, runWith(inv, "migrate", "vm1", "--to", "host-b", "--policy", "tls=no"), err::toString);
        assertFalse(theMigration().flags().contains(MigrationRequest.Flag.TLS));
    }

    @Test
    void aBadValueInTheInventoryIsRefusedNamingTheKey() throws Exception {
        assertEquals(2, runWith("defaults:\n  migration: {tls: maybe}\n" + Harness.INVENTORY, "migrate", "vm1", "--to", "host-b"));
        assertTrue(err.toString().contains("tls: 'maybe' is not valid (yes|no"), err::toString);
        assertEquals(List.of(), h.world.mutations);
    }

    /** The naive workflow, its migrate step with {@code params}. */
    static String workflow(String name, String params) {
        return "name: " + name + "\nsteps:\n  - type: detach-vf\n  - type: migrate\n    params: " + params
                + "\n  - type: attach-vf\n  - type: enslave-vf\n  - type: fail-back-to-vf\n";
    }

    @Test
    void aWorkflowFlagOrParameterTurnsTlsOn() throws Exception {
        Path wf = dir.resolve("tls-flag.yaml");
        Files.writeString(wf, workflow("tls-flag", "{flags: [live, persist-dest, undefine-source, tls]}"));
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--workflow", wf.toString(), "--dry-run"), err::toString);
        assertTrue(out.toString().contains("tls: yes (workflow)"), out::toString);
        out.getBuffer().setLength(0);
        Path param = dir.resolve("tls-param.yaml");
        Files.writeString(param, workflow("tls-param", "{tls: yes}"));
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--workflow", param.toString(), "--dry-run"), err::toString);
        assertTrue(out.toString().contains("tls: yes (workflow)"), out::toString);
    }

    @Test
    void aBadValueInAWorkflowIsRefusedAtLoadNamingTheKey() throws Exception {
        Path wf = dir.resolve("tls-bad.yaml");
        Files.writeString(wf, workflow("tls-bad", "{tls: maybe}"));
        assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--workflow", wf.toString()));
        assertTrue(err.toString().contains("tls") && err.toString().contains("maybe"), err::toString);
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void aMigrationThatFailsForTlsIsCompensatedAndLibvirtsMessageIsInTheOutcomeLine() throws Exception {
        h.a().whileMigrating = vm -> { throw new FailureException(new Failure.LibvirtError("host-a", 1, NO_CERTS)); };
        assertEquals(1, run("migrate", "vm1", "--to", "host-b", "--policy", "tls=yes"), () -> out + "\n" + err + h.a().calls());
        List<String> outcome = out.toString().lines().filter(l -> l.startsWith("failed and compensated:")).toList();
        assertEquals(1, outcome.size(), () -> out + "\n" + err);
        assertTrue(outcome.get(0).contains("vm1 is as it was on host-a") && outcome.get(0).contains(NO_CERTS), outcome::toString);
        h.assertHealthyOn(h.a(), "fvf0");
    }
}
