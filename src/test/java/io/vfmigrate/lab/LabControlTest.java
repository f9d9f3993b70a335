package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration control in the lab (issue 10): the policy's timeouts with a migration made slow on purpose
 * (a bandwidth limit in a copied workflow, a guest dirtying its memory), signals during the migrate
 * step, the progress bar under a pty, the JSON stream, the report and the network probe. Each test
 * stays under about a minute of lab time; every end state is checked from outside vfmigrate.
 */
@Tag("lab")
class LabControlTest {
    static final String VM = LabMigrationTest.VM;
    static final String MAC = LabMigrationTest.MAC;
    static final String ADDRESS = LabMigrationTest.ADDRESS;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private String dirtying;

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    @AfterEach
    void stopDirtying() {
        if (dirtying != null) Lab.guestExec(LabMigrationTest.whereIs(VM), VM, "sh", "-c", "kill $(cat /tmp/dirty.pid); rm -f /dev/shm/x; true");
    }

    /** bond-macvtap with its migrate step limited to {@code mib} MiB/s. */
    private Path slowWorkflow(int mib) throws Exception {
        String wf = Files.readString(Path.of("workflows/bond-macvtap.yaml")).replace("name: bond-macvtap", "name: slow")
                .replace("      timeout: 10m\n", "      timeout: 10m\n      bandwidth-mib-per-s: " + mib + "\n");
        assertTrue(wf.contains("bandwidth-mib-per-s: " + mib), wf);
        Path file = dir.resolve("slow.yaml");
        Files.writeString(file, wf);
        return file;
    }

    /** A loop in the guest rewriting 32 MiB of its memory (tmpfs) with random data. */
    private void dirtyMemory(String host) {
        Lab.guestExec(host, VM, "sh", "-c", "(sh -c 'echo $$ >/tmp/dirty.pid; while :; do dd if=/dev/urandom of=/dev/shm/x bs=1M count=32 "
                + "2>/dev/null; done' &) >/dev/null 2>&1");
        dirtying = host;
    }

    @Test
    void aCompletionTimeoutWithAbortLeavesTheVmHealthyOnTheSource() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        dirtyMemory(source);
        // 256 MiB at 1 MiB/s cannot finish; 20 s per GiB is 5 s for this VM
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", LabMigrationTest.other(source),
                "--workflow", slowWorkflow(1).toString(), "--policy", "completion-timeout-per-gib=20s", "--policy", "on-timeout=abort");
        assertEquals(1, r.exit(), () -> r.out() + r.err());
        assertTrue(r.out().contains("completion timeout"), r::out);
        Lab.assertHealthyOn(source, VM, MAC, ADDRESS);
    }

    @Test
    void aCompletionTimeoutWithForcePausesTheVmAndTheMigrationCompletes() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        dirtyMemory(source);
        // 3 s for this VM, then paused: about 13 s at 20 MiB/s
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", dest,
                "--workflow", slowWorkflow(20).toString(), "--policy", "completion-timeout-per-gib=12s", "--policy", "on-timeout=force");
        assertEquals(0, r.exit(), () -> r.out() + r.err());
        assertTrue(r.out().contains("forced (VM paused) yes"), r::out);
        assertTrue(Lab.lab("virsh", dest, "domstate", VM).ok().out().strip().equals("running"), "running again on the destination");
        Lab.assertHealthyOn(dest, VM, MAC, ADDRESS);
    }

    @Test
    void sigtermDuringTheMigrateStepCompensates() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        dirtyMemory(source);
        LiveRun run = LiveRun.start(List.of("migrate", VM, "--to", LabMigrationTest.other(source), "--workflow", slowWorkflow(5).toString()));
        run.until(l -> l.contains("migrating:"));
        Shell.terminate(run.process().pid()); // SIGTERM
        assertTrue(run.process().waitFor(60, TimeUnit.SECONDS), run::output);
        assertEquals(1, run.process().exitValue(), run::output);
        assertTrue(run.output().contains("failed and compensated"), run::output);
        assertTrue(run.output().contains("stopped by a signal"), run::output);
        Lab.assertHealthyOn(source, VM, MAC, ADDRESS);
    }

    @Test
    void aSecondSigtermLeavesARunThatResumeFinishes() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        // 10 MiB/s: slow enough to be signalled mid-migration, fast enough for resume's completion timeout (150 s per GiB)
        LiveRun run = LiveRun.start(List.of("migrate", VM, "--to", dest, "--workflow", slowWorkflow(10).toString()));
        run.until(l -> l.contains("migrating:"));
        Shell.terminate(run.process().pid());
        Thread.sleep(300);
        Shell.terminate(run.process().pid()); // the second signal: at once
        assertTrue(run.process().waitFor(30, TimeUnit.SECONDS), run::output);
        assertEquals(3, run.process().exitValue(), run::output);
        Matcher m = Pattern.compile("run (\\S+) is left open in the journal").matcher(run.output());
        assertTrue(m.find(), run::output);
        String runId = m.group(1);
        Shell.Result open = Vfmigrate.run(Lab.INVENTORY, Map.of(), "runs");
        assertTrue(open.out().contains(runId), open::out);
        Shell.Result resumed = Vfmigrate.run(Lab.INVENTORY, Map.of(), "resume", runId);
        assertEquals(0, resumed.exit(), () -> resumed.out() + resumed.err());
        List<String> where = Lab.hostsRunning(VM);
        assertEquals(1, where.size(), where::toString);
        Lab.assertHealthyOn(where.get(0), VM, MAC, ADDRESS);
    }

    @Test
    void underAPtyTheBarMovesAndARedirectedRunHasNoEscapeCodes() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        String command = String.join(" ", String.join(" ", Vfmigrate.COMMAND), "--inventory", Lab.INVENTORY.toString(),
                "--state", Vfmigrate.STATE.toString(), "migrate", VM, "--to", dest, "--workflow", slowWorkflow(20).toString());
        // a real terminal: tmux renders what vfmigrate writes; its screen is read every 200 ms
        String session = "vfm-pty-" + ProcessHandle.current().pid();
        Shell.run(10, Map.of(), List.of("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                command + "; echo EXIT=$?; sleep 60")).ok();
        List<Integer> percents = new ArrayList<>();
        String screen = "";
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!screen.contains("EXIT=") && System.nanoTime() < deadline) {
                screen = Shell.run(10, Map.of(), List.of("tmux", "capture-pane", "-p", "-t", session)).out();
                Matcher bar = Pattern.compile("\\]\\s+(\\d{1,3})%").matcher(screen);
                if (bar.find()) {
                    int p = Integer.parseInt(bar.group(1));
                    if (percents.isEmpty() || percents.get(percents.size() - 1) != p) percents.add(p);
                }
                Thread.sleep(200);
            }
        } finally {
            Shell.run(10, Map.of(), List.of("tmux", "kill-session", "-t", session));
        }
        String last = screen;
        assertTrue(last.contains("EXIT=0"), () -> "the run under a terminal: " + last);
        assertTrue(percents.size() >= 2, () -> "the bar moves: " + percents);
        for (int i = 1; i < percents.size(); i++) assertTrue(percents.get(i) >= percents.get(i - 1), () -> "never backwards: " + percents);

        Shell.Result plain = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", source, "--workflow", slowWorkflow(40).toString());
        assertEquals(0, plain.exit(), () -> plain.out() + plain.err());
        assertTrue(plain.out().contains("migrating:"), plain::out);
        assertFalse(plain.out().contains("\u001b"), "no escape codes in a redirected run");
        Lab.assertHealthyOn(source, VM, MAC, ADDRESS);
    }

    @Test
    void theJsonStreamParsesLineByLineAndEndsWithTheOutcomeAndShowPrintsQemusDowntime() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "migrate", VM, "--to", dest, "--output", "json");
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.out().split("\n")) events.add(JSON.readTree(line));
        JsonNode last = events.get(events.size() - 1);
        assertEquals("outcome", last.get("type").asText());
        assertEquals(r.exit(), last.get("exit-code").asInt());
        assertEquals(0, r.exit(), r::err);
        assertTrue(events.stream().anyMatch(e -> e.get("type").asText().equals("migration-completed")), r::out);
        for (JsonNode e : events) for (String f : List.of("type", "run", "vm", "time")) assertTrue(e.hasNonNull(f), e::toString);
        String runId = last.get("run").asText();
        Shell.Result show = Vfmigrate.run(Lab.INVENTORY, Map.of(), "show", runId);
        assertTrue(Pattern.compile("downtime \\d+ ms \\(reported by QEMU\\)").matcher(show.out()).find(), show::out);
        Lab.assertHealthyOn(dest, VM, MAC, ADDRESS);
    }
}
