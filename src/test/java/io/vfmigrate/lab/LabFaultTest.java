package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.DomainInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's faults at the edges, caused for real in the lab and checked from outside vfmigrate (virsh,
 * host links, the guest through its agent, the observer's ping): a source daemon killed as the source
 * VM pauses at the end of the migration; a run left open after step 6 then a new migrate and a resume;
 * a half-done undo of detach-vf; a destination daemon killed mid-migration.
 */
@Tag("lab")
class LabFaultTest {
    static final String VM = LabMigrationTest.VM;
    static final String MAC = LabMigrationTest.MAC;
    static final String ADDRESS = LabMigrationTest.ADDRESS;
    static final Pattern RUN_ID = Pattern.compile("(r\\d{8}-\\d{6}-[0-9a-f]{4})");

    @TempDir Path dir;

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    /** bond-macvtap with the migration slowed (bandwidth) and its final pause made long (max-downtime). */
    private Path slowWorkflow(String name, int mibPerS, String maxDowntime) throws Exception {
        String wf = Files.readString(Path.of("workflows/bond-macvtap.yaml")).replace("name: bond-macvtap", "name: " + name)
                .replace("      timeout: 10m\n", "      timeout: 10m\n      bandwidth-mib-per-s: " + mibPerS + "\n      max-downtime: " + maxDowntime + "\n");
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, wf);
        return file;
    }

    private static Process start(String... args) throws Exception {
        List<String> argv = Vfmigrate.argv(Vfmigrate.STATE.toString(), "--lease-ttl", "2s");
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).redirectErrorStream(true).start();
    }

    private static String domstate(String host) {
        return Lab.lab("virsh", host, "domstate", VM, "--reason").out().strip();
    }

    private static void assertNoCopyOn(String host) {
        String all = Lab.lab("virsh", host, "list", "--all", "--name").ok().out();
        assertTrue(all.lines().noneMatch(VM::equals), () -> "nothing of " + VM + " is left on " + host + ", running, paused or defined: " + all);
        String macvtaps = Lab.lab("exec", host, "--", "ip", "-o", "link", "show", "type", "macvtap").ok().out();
        assertTrue(macvtaps.isBlank(), () -> "no macvtap left on " + host + ": " + macvtaps);
    }

    /** Items 1 and 2: the source daemon dies as the source VM pauses for the end of the migration. */
    @Test
    void aSourceDaemonKilledAsTheSourceVmPausesAtTheEndOfTheMigrationEndsRunningOnlyOnTheDestination() throws Exception {
        sourceDaemonKilledAtThePause(1000, true);
    }

    /**
     * Issue 18.1: restarted 0.3 s later, the daemon resumes its paused domain between vfmigrate's state read and its
     * resume(); the undo's goal holds, so the run ends compensated or done, never needing an operator.
     */
    @Test
    void aSourceDaemonRestartedAtOnceResumesTheVmItselfAndTheRunNeedsNoOperator() throws Exception {
        sourceDaemonKilledAtThePause(300, false);
    }

    private void sourceDaemonKilledAtThePause(long restartAfterMs, boolean operatorAllowed) throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        Process p = start("migrate", VM, "--to", dest, "--workflow", slowWorkflow("pause-at-end", 64, "3s").toString());
        StringBuilder out = new StringBuilder();
        Thread reader = FollowedOutput.follow(p, out);
        boolean killed = false;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (p.isAlive() && System.nanoTime() < deadline && !killed) {
                if (domstate(source).startsWith("paused")) {
                    Lab.lab("daemon", "stop", source).ok();
                    killed = true;
                }
            }
            if (killed) {
                LabCrashTest.sleep(restartAfterMs);
                Lab.lab("daemon", "start", source).ok();
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            reader.join(5000);
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
        assertTrue(killed, () -> "the source VM was seen paused at the end of the migration:\n" + out);
        int exit = p.exitValue();
        // which way it went (reported, never asserted): the copies vfmigrate settled, or the split it left to an operator
        System.out.printf("source daemon restarted after %d ms: exit %d; %s%n", restartAfterMs, exit, out.toString().lines()
                .filter(l -> l.contains("warning:") || l.contains("runs on both")).map(String::strip).toList());
        if (exit == 3) {
            // resumed before any verdict, so that a failure here leaves the VM healthy for the next tests
            Matcher m = RUN_ID.matcher(out);
            assertTrue(m.find(), out::toString);
            LabCrashTest.sleep(2500);
            Shell.Result resumed = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "resume", m.group(1));
            assertTrue(operatorAllowed, () -> "the goal of every undo held: no operator needed\n" + out);
            assertTrue(out.toString().contains(source) || out.toString().contains(dest), out::toString);
            assertEquals(0, resumed.exit(), () -> out + resumed.out() + resumed.err());
        } else if (exit == 1) {
            // the daemon died before the migration completed: compensated, the VM healthy and running (not paused) on the source
            assertTrue(domstate(source).startsWith("running"), () -> "the source copy runs (not paused): " + domstate(source));
            assertNoCopyOn(dest);
            Lab.assertHealthyOn(source, VM, MAC, ADDRESS);
            return;
        } else {
            assertEquals(0, exit, out::toString);
        }
        assertTrue(domstate(dest).startsWith("running"), () -> "the destination copy runs (not paused): " + domstate(dest));
        assertNoCopyOn(source);
        Lab.assertHealthyOn(dest, VM, MAC, ADDRESS);
    }

    /**
     * Issue 18.4: the source's ovs-vswitchd dies after the OVS temporary port was added (a copy of bond-ovs waits
     * 8 s there): the fail-over's active slave verifies, but the guest's ping of the network's probe (the observer)
     * gets no reply, so the step fails and compensates: exit 1, the VM on its VF on the source, reachable.
     */
    @Test
    void aTemporaryPortWhoseSwitchDiedFailsTheFailOverAndTheVmKeepsItsVf() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        String wf = Files.readString(Path.of("workflows/bond-ovs.yaml")).replace("name: bond-ovs", "name: ovs-dies")
                // 8 s: `lab ovs stop` must be done before the fail-over; on a loaded lab (two pods) 3 s were once not enough
                .replace("  - type: enslave-temporary-port\n", "  - type: wait\n    params: {duration: 8s}\n  - type: enslave-temporary-port\n");
        Path file = dir.resolve("ovs-dies.yaml");
        Files.writeString(file, wf);
        Process p = start("migrate", VM, "--to", dest, "--workflow", file.toString());
        StringBuilder out = new StringBuilder();
        Thread reader = FollowedOutput.follow(p, out);
        boolean stopped = false;
        try {
            stopped = FollowedOutput.await(p, out, "step 2 wait", java.time.Duration.ofSeconds(30));
            long waitStarted = System.nanoTime();
            if (stopped) Lab.lab("ovs", "stop", source).ok();
            long stopMs = (System.nanoTime() - waitStarted) / 1_000_000;
            System.out.printf("LabFaultTest: ovs-vswitchd of %s stopped %d ms into the 8 s wait%n", source, stopMs);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            reader.join(5000);
            if (stopped) {
                // still dead when the run ends: else the run's verdict judged a live switch
                Shell.Result appctl = Lab.lab("exec", source, "--", "ovs-appctl", "--timeout=5", "version");
                assertNotEquals(0, appctl.exit(), () -> "ovs-vswitchd of " + source + " answers again after the run:\n" + appctl.out() + "\n" + out);
            }
        } finally {
            if (p.isAlive()) p.destroyForcibly();
            Lab.lab("ovs", "start", source).ok();
        }
        assertTrue(stopped, () -> "the run reached its wait after add-temporary-port:\n" + out);
        assertEquals(1, p.exitValue(), out::toString);
        assertTrue(out.toString().contains("the data path is lost"), out::toString);
        Lab.assertHealthyOn(source, VM, MAC, ADDRESS);
    }

    /** Item 3: a run left open after step 6; a new migrate is refused, and the old run's resume finishes. */
    @Test
    void aRunLeftOpenAfterStep6RefusesANewMigrateAndItsResumeFinishes() {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        Shell.Result killed = Vfmigrate.run(Lab.INVENTORY, Map.of("VFMIGRATE_TEST_KILL_AFTER_STEP", "6"), "--lease-ttl", "2s", "migrate", VM, "--to", dest);
        assertEquals(137, killed.exit(), () -> killed.out() + killed.err());
        LabCrashTest.sleep(2500);
        Matcher m = RUN_ID.matcher(killed.out());
        assertTrue(m.find(), killed::out);
        String run = m.group(1);
        String before = Lab.domain(dest, VM).interfaces().toString();
        Shell.Result again = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "migrate", VM, "--to", source, "--from", dest);
        assertEquals(2, again.exit(), () -> again.out() + again.err());
        String said = again.out() + again.err();
        assertTrue(said.contains(run) && said.contains("vfmigrate resume " + run) && said.contains("vfmigrate close " + run), said);
        assertEquals(before, Lab.domain(dest, VM).interfaces().toString(), "the refused migrate touched nothing");
        Shell.Result resumed = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "resume", run);
        assertEquals(0, resumed.exit(), () -> resumed.out() + resumed.err());
        Lab.assertHealthyOn(dest, VM, MAC, ADDRESS);
        Shell.Result runs = Vfmigrate.run(Lab.INVENTORY, Map.of(), "runs");
        assertFalse(runs.err().contains("was left open"), runs::err);
    }

    /** Item 6: the undo of detach-vf was half done (the VF attached again, not in the bond); rollback still restores. */
    @Test
    void aHalfDoneUndoOfDetachVfIsRolledBack() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        DomainInterface vf = Lab.domain(source, VM).interfaces().get(0);
        Path vfXml = dir.resolve("vf.xml");
        Files.writeString(vfXml, vf.xml());
        Shell.Result killed = Vfmigrate.run(Lab.INVENTORY, Map.of("VFMIGRATE_TEST_KILL_AFTER_STEP", "4"), "--lease-ttl", "2s", "migrate", VM, "--to", dest);
        assertEquals(137, killed.exit(), () -> killed.out() + killed.err());
        Matcher m = RUN_ID.matcher(killed.out());
        assertTrue(m.find(), killed::out);
        // what an undo of detach-vf killed after its attach leaves: the VF attached again, in no bond
        Lab.lab("virsh", source, "attach-device", VM, vfXml.toString(), "--live").ok();
        LabCrashTest.sleep(2500);
        Shell.Result first = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "rollback", m.group(1));
        assertEquals(1, first.exit(), () -> first.out() + first.err());
        Shell.Result again = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "rollback", m.group(1));
        assertEquals(2, again.exit(), () -> "a second rollback of a compensated run is refused, nothing done: " + again.out() + again.err());
        Lab.assertHealthyOn(source, VM, MAC, ADDRESS);
    }

    /** Item 7: the destination daemon dies mid-migration; the report names what is left there, the next command cleans or lists it. */
    @Test
    void aDestinationDaemonKilledMidMigrationIsReportedAndCleanedByTheNextCommand() throws Exception {
        String source = LabMigrationTest.whereIs(VM);
        String dest = LabMigrationTest.other(source);
        Process p = start("migrate", VM, "--to", dest, "--workflow", slowWorkflow("slow", 16, "300ms").toString());
        StringBuilder out = new StringBuilder();
        Thread reader = FollowedOutput.follow(p, out);
        boolean stopped = false;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (p.isAlive() && System.nanoTime() < deadline && !stopped) {
                synchronized (out) {
                    if (out.indexOf("step 5 migrate") >= 0) stopped = true;
                }
                LabCrashTest.sleep(50);
            }
            if (stopped) {
                LabCrashTest.sleep(1500);   // the incoming QEMU on the destination is receiving
                Lab.lab("daemon", "stop", dest).ok();
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            reader.join(5000);
        } finally {
            if (p.isAlive()) p.destroyForcibly();
            if (stopped) Lab.lab("daemon", "start", dest).ok();
        }
        assertTrue(stopped, out::toString);
        assertEquals(1, p.exitValue(), out::toString);
        assertTrue(out.toString().contains(dest + ": could not be cleaned (unreachable)"), out::toString);
        Lab.assertHealthyOn(source, VM, MAC, ADDRESS);
        Shell.Result next = Vfmigrate.run(Lab.INVENTORY, Map.of(), "hosts");   // any command that reads the inventory
        assertTrue(next.err().contains(dest + ":"), () -> "the next command cleans or lists what is left on " + dest + ": " + next.err());
        assertNoCopyOn(dest);
        Shell.Result after = Vfmigrate.run(Lab.INVENTORY, Map.of(), "hosts");
        assertFalse(after.err().contains("may still hold"), after::err);
    }
}
