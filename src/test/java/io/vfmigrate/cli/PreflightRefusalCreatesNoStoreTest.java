package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 18.10: a real `migrate` (no --dry-run) that its preflight refuses (exit 2) leaves no state store and
 * no logs/ behind, with the real wiring: real libvirt (its in-process test driver, and a socket that does not
 * exist) and the real store. The VM is named with --from, so the refusal comes from the preflight itself
 * (without --from an unknown VM is refused earlier, while looking for its host).
 */
class PreflightRefusalCreatesNoStoreTest {
    @TempDir Path dir;

    /** One inventory host with the given libvirt URI (hosts' names at the indentation of the hosts mapping). */
    private static final String HOST = """
              %s:
                libvirt-uri: %s
                networks:
                  physnet0:
                    vf-pool: {type: emulated, bridge: br0, slots: 4}
                    temporary-port: [{type: macvtap, dev: br0}]
            """;

    /**
     * host-a's libvirtd has no socket; host-b is libvirt's in-process test driver (a host that answers, with a VM "test");
     * host-c is never asked (`host disable host-c` makes a store).
     */
    private String inventory() {
        return "hosts:\n" + HOST.formatted("host-a", "qemu+unix:///system?socket=" + dir.resolve("no-such-libvirtd/libvirt-sock"))
                + HOST.formatted("host-b", "test:///default") + HOST.formatted("host-c", "qemu+ssh://host-c.invalid/system");
    }

    private static void assertRefusedByPreflight(int code, String err, String check) {
        assertEquals(2, code, err);
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), () -> "one line expected: " + err);
        assertTrue(lines.get(0).startsWith("error: preflight failed (" + check + ": "), err);
        assertTrue(lines.get(0).endsWith("nothing was changed"), err);
    }

    /** host-a's socket does not exist; no-such-vm runs on no host (named with --from: found by the preflight, not the look for its host). */
    @ParameterizedTest(name = "migrate {0} --from {1} --to {2}")
    @CsvSource({"vm1, host-a, host-b, libvirt on host-a (code 38): Failed to connect socket",
                "no-such-vm, host-b, host-a, VM no-such-vm is not running on host-b"})
    void isRefusedByItsPreflightAndCreatesNoStore(String vm, String from, String to, String because) throws Exception {
        Path inv = Files.writeString(dir.resolve("inv.yaml"), inventory());
        Path state = dir.resolve("state");
        StringWriter err = new StringWriter();
        int code = RealWiringRefusalTest.run(err, "--inventory", inv.toString(), "--state", state.toString(), "migrate", vm, "--from", from, "--to", to);
        assertRefusedByPreflight(code, err.toString(), "vm-runs-on-source");
        assertTrue(err.toString().contains(because), err::toString);
        assertFalse(Files.exists(state), "a refused migrate created the state directory " + state);
    }

    /** An existing store is left as it was: no lease taken and released, not a byte written. */
    @Test
    void anExistingStoreIsNotWritten() throws Exception {
        Path inv = Files.writeString(dir.resolve("inv.yaml"), inventory());
        Path state = dir.resolve("state");
        StringWriter disabling = new StringWriter();
        assertEquals(0, RealWiringRefusalTest.run(disabling, "--inventory", inv.toString(), "--state", state.toString(), "host", "disable", "host-c"),
                disabling::toString);
        Map<String, String> before = listing(state);
        StringWriter err = new StringWriter();
        int code = RealWiringRefusalTest.run(err, "--inventory", inv.toString(), "--state", state.toString(), "migrate", "no-such-vm", "--from", "host-b", "--to", "host-a");
        assertRefusedByPreflight(code, err.toString(), "vm-runs-on-source");
        assertEquals(before, listing(state), "the store's files, their sizes and times");
    }

    private static Map<String, String> listing(Path directory) throws Exception {
        Map<String, String> files = new java.util.TreeMap<>();
        try (var all = Files.list(directory)) {
            for (Path f : all.toList()) files.put(f.getFileName().toString(), Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis());
        }
        return files;
    }

    /** The default store ($XDG_STATE_HOME/vfmigrate) and the working directory's vfmigrate.yaml, in a process of its own. */
    @Test
    void theDefaultStoreIsNotCreatedNorItsLogs() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.writeString(work.resolve("vfmigrate.yaml"), inventory());
        Path xdg = dir.resolve("xdg");
        var r = ChildCli.run(work, "0022", Map.of("XDG_STATE_HOME", xdg.toString(), "HOME", dir.resolve("home").toString()),
                "migrate", "no-such-vm", "--from", "host-b", "--to", "host-a");
        assertRefusedByPreflight(r.exitCode(), r.err(), "vm-runs-on-source");
        assertFalse(Files.exists(xdg.resolve("vfmigrate")), "a refused migrate created the default state directory");
        assertFalse(Files.exists(xdg), "a refused migrate created " + xdg);
        try (var left = Files.list(work)) {
            assertEquals(List.of(work.resolve("vfmigrate.yaml")), left.toList(), "nothing new in the working directory (no logs/)");
        }
    }
}
