package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real migrations of the lab's vm1 with each shipped workflow, there and back, checked from outside. vfmigrate runs as a
 * coordinator on its own machine (the lab's management namespace): there over TLS, back over SSH (issue 20: each workflow
 * over each transport); the other lab tests reach the hosts through their unix sockets.
 */
@Tag("lab")
class LabMigrationTest {
    static final String VM = "vm1";
    static final String MAC = "52:54:00:c0:00:11";
    static final String ADDRESS = "192.0.2.11";

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    static String other(String host) { return host.equals("host-a") ? "host-b" : "host-a"; }

    static String whereIs(String vm) {
        List<String> hosts = Lab.hostsRunning(vm);
        assertEquals(1, hosts.size(), () -> vm + " runs on " + hosts);
        return hosts.get(0);
    }

    @ParameterizedTest(name = "{0} there and back")
    @ValueSource(strings = {"bond-macvtap", "bond-ovs", "naive"})
    void migratesThereAndBack(String workflow) {
        String start = whereIs(VM);
        for (String to : List.of(other(start), start)) {
            Path inventory = Lab.INVENTORY.resolveSibling(to.equals(start) ? "vfmigrate-ssh.yaml" : "vfmigrate-tls.yaml");
            Shell.Result r = Vfmigrate.fromManagement(inventory, "migrate", VM, "--to", to, "--workflow", workflow);
            assertEquals(0, r.exit(), () -> r.out() + r.err());
            assertTrue(r.out().contains("done: " + VM + " now runs on " + to), r::out);
            Lab.assertHealthyOn(to, VM, MAC, ADDRESS);
            if (workflow.startsWith("bond-")) assertEnslavedByTheGuest(inventory, r.out());
        }
    }

    /** The guest enslaved its new VF itself as it appeared (its monitor worked; the wait from outside is only a fallback). */
    static void assertEnslavedByTheGuest(Path inventory, String out) {
        var m = java.util.regex.Pattern.compile("\\(run (\\S+)\\)").matcher(out);
        assertTrue(m.find(), out);
        Shell.Result show = Vfmigrate.fromManagement(inventory, "show", m.group(1), "--output", "json");
        assertEquals(0, show.exit(), show::err);
        try {
            var entries = new com.fasterxml.jackson.databind.ObjectMapper().readTree(show.out()).path("entries");
            boolean byGuest = false;
            for (var e : entries) byGuest |= "attach-vf".equals(e.path("step-type").asText()) && e.path("facts").hasNonNull("vf.0.guest.enslaved-on-arrival")
                    && !e.path("facts").path("vf.0.guest.enslaved-on-arrival").asText().isEmpty();
            assertTrue(byGuest, "attach-vf learned vf.0.guest.enslaved-on-arrival: " + show.out());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
