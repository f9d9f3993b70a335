package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 21.3 on the lab's two hosts with vm1: `rolling --all` with a hook that restarts the host's libvirtd and appends a
 * line to a marker file on the host (in its own /var/lib/libvirt), and a rolling whose health check fails (it stops with the host in maintenance
 * and its VM away). Checked from outside: where vm1 runs and its health, each host's marker and libvirtd, the hosts' flags.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabRollingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VM = LabMigrationTest.VM;
    private static final String MARKER = "/var/lib/libvirt/vfm-rolling-marker";

    @BeforeAll
    static void labIsUp() {
        Lab.requireUp();
        for (String h : Lab.hosts()) Lab.lab("exec", h, "--", "rm", "-f", MARKER).ok();
    }

    @AfterAll
    static void everyHostBack() {
        for (String h : Lab.hosts()) {
            if (Vfmigrate.run(Lab.INVENTORY, Map.of(), "maintenance", "exit", h).exit() != 2) continue;
            Vfmigrate.run(Lab.INVENTORY, Map.of(), "host", "enable", h);
        }
    }

    private static Shell.Result vfm(String... args) { return Vfmigrate.run(Lab.INVENTORY, Map.of(), args); }

    private static String marker(String host) { return Lab.fileOn(host, MARKER); }

    /** The pid of {@code host}'s libvirtd, from the lab's pid file (the hook below restarts it under the same file). */
    private static String libvirtdPid(String host) throws java.io.IOException {
        return java.nio.file.Files.readString(Lab.INVENTORY.getParent().resolve(host).resolve("libvirtd.pid")).strip();
    }

    /**
     * Maintenance as it often is: the hook restarts the host's libvirtd (as a package upgrade does) and leaves a mark. It
     * runs in the host's namespaces: it stops the lab's libvirtd by its pid file and starts it again with the same one.
     */
    static String restartingHook(String marker) { return "sh -c '" + restartingScript(marker).replace("\"", "\\\"") + "'"; }

    /** The hook's shell script, as {@code sh -c} gets it. */
    static String restartingScript(String marker) {
        String d = Lab.INVENTORY.getParent() + "/$(hostname)";
        return "echo \"rolled $(hostname)\" >> " + marker + "; pid=$(cat " + d + "/libvirtd.pid); kill $pid;"
                + " while kill -0 $pid 2>/dev/null; do sleep 0.1; done;"
                + " libvirtd -d --listen -p " + d + "/libvirtd.pid < /dev/null >> " + d + "/libvirtd.out 2>&1";
    }

    @Test
    @Order(1)
    void everyHostOnceWithItsHookRestartingLibvirtdAndEveryVmBackWhereItWas() throws Exception {
        String home = LabMigrationTest.whereIs(VM);
        Map<String, String> pids = new java.util.TreeMap<>();
        for (String h : Lab.hosts()) pids.put(h, libvirtdPid(h));
        Shell.Result r = vfm("rolling", "--all", "--hook", restartingHook(MARKER), "--health-timeout", "60s", "--output", "json");
        assertEquals(0, r.exit(), () -> r.out() + r.err());
        for (String h : Lab.hosts()) {
            String now = libvirtdPid(h);
            assertTrue(!now.equals(pids.get(h)) && Lab.lab("virsh", h, "version").exit() == 0, () -> h + "'s libvirtd restarted and answers: " + pids + " -> " + now);
        }
        List<String> lines = r.out().lines().toList();
        JsonNode outcome = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals(Lab.hosts().size(), outcome.path("hosts").size(), outcome::toString);
        for (JsonNode row : outcome.path("hosts")) {
            assertEquals("returned", row.path("result").asText(), row::toString);
            assertEquals(row.path("vms-out").asInt(), row.path("vms-returned").asInt(), row::toString);
            if (row.path("host").asText().equals(home)) assertTrue(row.path("vms-out").asInt() >= 1, () -> VM + " left its host: " + row);
        }
        long hooks = lines.stream().filter(l -> l.contains("\"type\":\"hook-ended\"")).count();
        assertEquals(Lab.hosts().size(), hooks, "one hook per host: " + r.out());
        for (String h : Lab.hosts()) assertEquals("rolled " + h + "\n", marker(h), "the hook ran once on " + h);
        Lab.assertHealthyOn(home, VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
        JsonNode hosts = JSON.readTree(vfm("hosts", "--output", "json").ok().out()).get("hosts");
        for (JsonNode h : hosts) assertTrue(!h.get("disabled").asBoolean(), () -> "every host back in placement: " + hosts);
    }

    @Test
    @Order(2)
    void aFailingHealthCheckStopsWithTheHostInMaintenanceAndItsVmAway() throws Exception {
        String home = LabMigrationTest.whereIs(VM);
        String other = LabMigrationTest.other(home);
        Shell.Result r = vfm("rolling", "--hosts", home + "," + other, "--hook", "true", "--health", "false", "--health-timeout", "5s",
                "--output", "json");
        assertEquals(1, r.exit(), () -> r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        JsonNode outcome = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals(home, outcome.path("failed").path(0).asText(), outcome::toString);
        assertEquals(1, lines.stream().filter(l -> l.contains("\"type\":\"host-started\"")).count(), "the next host was not started: " + r.out());
        Lab.assertHealthyOn(other, VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
        JsonNode status = JSON.readTree(vfm("maintenance", "status", "--output", "json").ok().out()).path("maintenances");
        assertEquals(1, status.size(), status::toString);
        assertEquals(home, status.get(0).path("host").asText(), status::toString);

        Shell.Result exit = vfm("maintenance", "exit", home);
        assertEquals(0, exit.exit(), () -> exit.out() + exit.err());
        Lab.assertHealthyOn(home, VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
    }
}
