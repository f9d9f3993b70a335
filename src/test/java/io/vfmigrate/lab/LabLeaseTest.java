package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Leases during an incident, caused for real: a coordinator frozen with SIGSTOP past its lease while
 * another takes its run over and finishes it (issue 8.4), and a coordinator killed with SIGKILL whose
 * run is resumed at once, without waiting for its lease to expire (issue 12.5).
 */
@Tag("lab")
class LabLeaseTest {
    static final String VM = LabMigrationTest.VM;

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    private static String openRun() { return openRun(Vfmigrate.STATE.toString()); }

    /**
     * The store shared by the frozen coordinator and the one that takes over: PostgreSQL when the suite has
     * one (the store for coordinators that share a fleet), else the SQLite directory. On SQLite a process
     * frozen in the middle of a write (a lease renewal, a few ms) keeps the database locked for everyone
     * until it wakes or dies: docs/journal-and-leases.md says so.
     */
    private static String sharedState() {
        String pg = Lab.postgresUrl();
        return pg != null ? pg : Vfmigrate.STATE.toString();
    }

    private static String openRun(String state) {
        Shell.Result runs = Vfmigrate.runWithState(state, "runs");
        Matcher m = LabCrashTest.OPEN_RUN.matcher(runs.out());
        assertTrue(m.find(), () -> "an open run of " + VM + ":\n" + runs.out() + runs.err());
        assertTrue(runs.err().contains("run " + m.group(1)) && runs.err().contains("was left open"),
                () -> "the run is reported as left open:\n" + runs.err());
        return m.group(1);
    }

    /** The state letter of /proc/PID/stat ('T' once stopped). */
    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
    }

    private static void signal(String sig, long pid) {
        Shell.run(10, Map.of(), List.of("kill", "-" + sig, Long.toString(pid)));
    }

    @Test
    void aCoordinatorFrozenPastItsLeaseStopsWithoutActingOnceAnotherTookItsRunOver() throws Exception {
        String from = LabMigrationTest.whereIs(VM);
        String to = LabMigrationTest.other(from);
        Path log = Files.createTempFile("vfm-frozen", ".txt");
        List<String> argv = Vfmigrate.crashTestArgv(sharedState(), "--lease-ttl", "2s", "migrate", VM, "--to", to);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VFMIGRATE_TEST_STOP_AFTER_STEP", "3");
        Process frozen = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (frozen.isAlive() && state(frozen.pid()) != 'T') {
                assertTrue(System.nanoTime() < deadline, () -> "the coordinator did not freeze after step 3:\n" + read(log));
                LabCrashTest.sleep(50);
            }
            assertTrue(frozen.isAlive(), () -> read(log));
            LabCrashTest.sleep(3000);   // past its 2 s lease; it renews nothing while stopped

            String run = openRun(sharedState());
            Shell.Result resume = Vfmigrate.runWithState(sharedState(), "--lease-ttl", "2s", "resume", run);
            assertEquals(0, resume.exit(), () -> resume.out() + resume.err());
            Lab.assertHealthyOn(to, VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
            String xmlBefore = Lab.lab("virsh", to, "dumpxml", VM).ok().out();

            signal("CONT", frozen.pid());
            assertTrue(frozen.waitFor(60, TimeUnit.SECONDS), () -> "the woken coordinator did not stop:\n" + read(log));
            String out = read(log);
            assertEquals(3, frozen.exitValue(), out);
            assertTrue(out.contains("lost the lease of run " + run + " to ") && out.contains("stopping: nothing more is done by this process"), out);
            assertTrue(!out.contains("step 4 ") || out.indexOf("step 4 ") < out.indexOf("lost the lease"), () -> "no step after waking:\n" + out);

            Lab.assertHealthyOn(to, VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
            assertEquals(xmlBefore, Lab.lab("virsh", to, "dumpxml", VM).ok().out(), "the woken coordinator changed nothing");
            assertTrue(!LabCrashTest.OPEN_RUN.matcher(Vfmigrate.runWithState(sharedState(), "runs").out()).find(), "no run left open");
        } finally {
            if (frozen.isAlive()) {
                signal("CONT", frozen.pid());
                frozen.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    @Test
    void aKilledCoordinatorsRunIsResumedAtOnceWithoutWaitingForItsLease() throws Exception {
        String from = LabMigrationTest.whereIs(VM);
        String to = LabMigrationTest.other(from);
        // the default lease of 30 s: a resume that took its holder for alive would be refused; one that waited for the lease
        // would do its first step only after it expired
        Shell.Result killed = Vfmigrate.run(Lab.INVENTORY, Map.of("VFMIGRATE_TEST_KILL_AFTER_STEP", "3"), "migrate", VM, "--to", to);
        assertEquals(137, killed.exit(), () -> "the coordinator was to die by SIGKILL\n" + killed.out() + killed.err());
        long start = System.nanoTime();
        String run = openRun();
        LiveRun resume = LiveRun.start(List.of("resume", run));
        try {
            // the first step it did: the run was taken over before (the whole resume's time, a loaded lab's, is not the point)
            resume.until(l -> l.matches("\\s+step \\d+ .*"));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 30, () -> "took the run over within the dead coordinator's lease, after " + seconds + " s: " + resume.out());
            assertTrue(resume.process().waitFor(5, TimeUnit.MINUTES), resume::output);
        } finally {
            resume.process().destroyForcibly();
        }
        String out = resume.output();
        assertEquals(0, resume.process().exitValue(), out);
        Lab.assertHealthyOn(to, VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
