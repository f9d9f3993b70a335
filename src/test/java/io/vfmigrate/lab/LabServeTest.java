package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * `serve` against the lab: a schedule due in a few seconds evacuates vm1's host (vm1 goes to the other; each test
 * starts wherever the one before left vm1, as a fleet would),
 * verified from outside; two serves on one PostgreSQL make one evacuation; SIGKILL of the serve running
 * it makes the other finish it by resuming; SIGTERM during it leaves nothing half-done; a scheduled
 * rolling over every host runs each host's hook once and brings vm1 home, counted on /metrics. Each
 * under ~90 s.
 */
@Tag("lab")
class LabServeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern SCHEDULE = Pattern.compile("schedule (s\\d{8}-\\d{6}-[0-9a-f]{4}):");
    final List<Process> serves = new ArrayList<>();
    Path state;
    /** The host vm1 runs on as the test starts, which the schedules evacuate, and the other one. */
    String from;
    String to;

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    @BeforeEach
    void vmOnHostA() throws Exception {
        state = Files.createTempDirectory("vfmigrate-lab-serve");
        from = LabMigrationTest.whereIs(LabMigrationTest.VM);
        to = LabMigrationTest.other(from);
    }

    @AfterEach
    void stopServes() throws Exception {
        for (Process p : serves) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        Vfmigrate.runWithState(state.toString(), "host", "enable", from);
        if (Lab.postgresUrl() != null) Vfmigrate.runWithState(pg(), "host", "enable", from);
    }

    static String pg() {
        String pg = Lab.postgresUrl();
        if (pg == null) throw new IllegalStateException("VFMIGRATE_TEST_PG_URL is not set: run test-fixtures/postgres/pg up");
        return pg;
    }

    Process serve(String store, String... extra) throws Exception {
        List<String> argv = Vfmigrate.argv(store, "--lease-ttl", "3s", "serve");
        argv.addAll(List.of(extra));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(Files.createTempFile("serve", ".log").toFile()).start();
        serves.add(p);
        return p;
    }

    /** Adds `--evacuate FROM --to TO` due in {@code seconds}; returns its id. */
    static String schedule(String store, String from, String to, int seconds) {
        Shell.Result r = Vfmigrate.runWithState(store, "schedule", "add", "--evacuate", from, "--to", to, "--parallel", "1",
                "--at", Instant.now().plusSeconds(seconds).toString());
        assertEquals(0, r.exit(), () -> r.out() + r.err());
        Matcher m = SCHEDULE.matcher(r.out());
        assertTrue(m.find(), r::out);
        return m.group(1);
    }

    /** The evacuation id of the schedule's last run, once it has one. */
    static String lastEvacuation(String store, String id, int seconds) {
        Pattern last = Pattern.compile(Pattern.quote(id) + ".*\\n.*\\n  last run: \\S+  (e\\S+)  (.*)");
        String[] found = new String[1];
        waitFor(seconds, () -> {
            Matcher m = last.matcher(Vfmigrate.runWithState(store, "schedule", "list").out());
            if (m.find()) found[0] = m.group(1);
            return found[0] != null;
        });
        return found[0];
    }

    static List<JsonNode> evacuationsSince(String store, String from, Instant since) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : JSON.readTree(Vfmigrate.runWithState(store, "runs", "--all", "--output", "json").out())) {
            if (r.get("vm").asText().equals("evacuate:" + from) && Instant.parse(r.get("created").asText()).isAfter(since)) out.add(r);
        }
        return out;
    }

    static void waitFor(int seconds, BooleanSupplier done) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within " + seconds + " s");
            LabCrashTest.sleep(500);
        }
    }

    void vm1HealthyOnTheOtherHost() { Lab.assertHealthyOn(to, LabMigrationTest.VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS); }

    @Test
    void aScheduleDueInSecondsEvacuatesVm1sHost() throws Exception {
        String store = state.toString();
        String id = schedule(store, from, to, 5);
        serve(store);
        String evac = lastEvacuation(store, id, 60);
        vm1HealthyOnTheOtherHost();
        assertTrue(Vfmigrate.runWithState(store, "show", evac).out().contains("vm1: moved to " + to));
    }

    @Test
    void twoServesOnOnePostgresMakeOneEvacuation() throws Exception {
        String store = pg();
        Instant since = Instant.now();
        String id = schedule(store, from, to, 5);
        serve(store);
        serve(store);
        lastEvacuation(store, id, 60);
        LabCrashTest.sleep(3000);
        assertEquals(1, evacuationsSince(store, from, since).size(), () -> {
            try { return evacuationsSince(store, from, since).toString(); } catch (Exception e) { return e.toString(); }
        });
        vm1HealthyOnTheOtherHost();
    }

    @Test
    void sigkillOfTheServeRunningItMakesTheOtherFinishByResuming() throws Exception {
        String store = pg();
        Instant since = Instant.now();
        String id = schedule(store, from, to, 3);
        Process first = serve(store);
        waitFor(30, () -> {
            try { return !evacuationsSince(store, from, since).isEmpty(); } catch (Exception e) { return false; }
        });
        LabCrashTest.sleep(1500); // the move of vm1 is under way
        first.destroyForcibly(); // SIGKILL
        first.waitFor(10, TimeUnit.SECONDS);
        serve(store);
        String evac = lastEvacuation(store, id, 75); // dead after ~10 s of missed heartbeats, then the 3 s leases
        assertEquals(1, evacuationsSince(store, from, since).size());
        String shown = Vfmigrate.runWithState(store, "show", evac).out();
        assertTrue(shown.contains("resumed by"), () -> "the other serve resumed it:\n" + shown);
        // vm1's run killed in flight was finished by the resumed evacuation itself (no second run, nothing left open)
        assertTrue(shown.contains("vm1: moved to " + to + ", 1 run(s)"), shown);
        Shell.Result open = Vfmigrate.runWithState(store, "runs");
        assertTrue(open.out().contains("no open runs"), () -> open.out() + open.err());
        vm1HealthyOnTheOtherHost();
    }

    @Test
    void sigtermDuringAScheduledEvacuationLeavesNothingHalfDone() throws Exception {
        String store = state.toString();
        Instant since = Instant.now();
        schedule(store, from, to, 3);
        Process serve = serve(store, "--grace", "60s");
        waitFor(30, () -> {
            try { return !evacuationsSince(store, from, since).isEmpty(); } catch (Exception e) { return false; }
        });
        LabCrashTest.sleep(1000);
        Shell.terminate(serve.pid()); // SIGTERM: vm1's move finishes, nothing new starts
        assertTrue(serve.waitFor(70, TimeUnit.SECONDS));
        assertEquals(0, serve.exitValue(), "stopped within the grace");
        Shell.Result runs = Vfmigrate.runWithState(store, "runs");
        assertTrue(LabCrashTest.OPEN_RUN.matcher(runs.out()).results().findAny().isEmpty(), () -> "no run of vm1 left open:\n" + runs.out());
        String where = LabMigrationTest.whereIs(LabMigrationTest.VM);
        Lab.assertHealthyOn(where, LabMigrationTest.VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
    }

    static final String MARKER = "/var/lib/libvirt/vfm-serve-rolling-marker";

    static String marker(String host) { return Lab.fileOn(host, MARKER); }

    /** Issue 21.4 and 21.5: `schedule add --rolling --all` run by `serve`, checked from outside and on its /metrics. */
    @Test
    void aScheduledRollingRunsEachHostsHookOnceBringsVm1HomeAndIsCountedOnMetrics() throws Exception {
        String store = state.toString();
        for (String h : Lab.hosts()) Lab.lab("exec", h, "--", "rm", "-f", MARKER).ok();
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try {
            Shell.Result added = Vfmigrate.runWithState(store, "schedule", "add", "--rolling", "--all", "--parallel", "1",
                    "--hook", "sh -c 'echo \"rolled $(hostname)\" >> " + MARKER + "'", "--at", Instant.now().plusSeconds(4).toString());
            assertEquals(0, added.exit(), () -> added.out() + added.err());
            Matcher m = SCHEDULE.matcher(added.out());
            assertTrue(m.find(), added::out);
            String id = m.group(1);
            serve(store, "--listen", "127.0.0.1:" + port);
            Pattern last = Pattern.compile(Pattern.quote(id) + "  rolling --all .*\\n.*\\n  last run: \\S+  (o\\S+)  (.*)");
            String[] found = new String[2];
            waitFor(80, () -> {
                Matcher l = last.matcher(Vfmigrate.runWithState(store, "schedule", "list").out());
                if (l.find()) {
                    found[0] = l.group(1);
                    found[1] = l.group(2);
                }
                return found[0] != null;
            });
            assertEquals("exit 0: " + Lab.hosts().size() + " host(s) back", found[1]);
            for (String h : Lab.hosts()) assertEquals("rolled " + h + "\n", marker(h), "the hook ran once on " + h);
            Lab.assertHealthyOn(from, LabMigrationTest.VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
            assertTrue(Vfmigrate.runWithState(store, "show", found[0]).out().contains("schedule=" + id), "the rolling's record names its schedule");
            // the serve's own endpoint, on the loopback of this machine (no lab address)
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            var samples = io.vfmigrate.adapters.metrics.PrometheusText.parse(response.body());
            assertEquals((double) Lab.hosts().size(), samples.get("vfmigrate_rolling_hosts_total{result=\"returned\"}"), response::body);
        } finally {
            for (String h : Lab.hosts()) {
                if (Vfmigrate.runWithState(store, "maintenance", "exit", h).exit() == 2) Vfmigrate.runWithState(store, "host", "enable", h);
                Lab.lab("exec", h, "--", "rm", "-f", MARKER);
            }
        }
    }
}
