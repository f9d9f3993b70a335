package io.vfmigrate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coordinator really dies (SIGKILL) after each step of bond-macvtap; a new process then resumes
 * or rolls the run back from the journal alone, verified from outside. Each step is killed once here, every
 * other one resumed and the others rolled back, so that both come before and after the migration (step 5);
 * every step with both is on fakes (ResumeRollbackTest): the test command's time is the lab's.
 */
@Tag("lab")
class LabCrashTest {
    static final String VM = LabMigrationTest.VM;
    static final Pattern OPEN_RUN = Pattern.compile("^(r\\d{8}-\\d{6}-[0-9a-f]{4})\\s+" + VM + "\\s", Pattern.MULTILINE);

    @BeforeAll
    static void labIsUp() { Lab.requireUp(); }

    private static String killedAfter(int step, String to) {
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of("VFMIGRATE_TEST_KILL_AFTER_STEP", Integer.toString(step)),
                "--lease-ttl", "2s", "migrate", VM, "--to", to);
        assertEquals(137, r.exit(), () -> "the coordinator was to die by SIGKILL\n" + r.out() + r.err());
        // no wait for the lease to expire: a dead holder on this machine is taken over at once
        Shell.Result runs = Vfmigrate.run(Lab.INVENTORY, Map.of(), "runs");
        Matcher m = OPEN_RUN.matcher(runs.out());
        assertTrue(m.find(), () -> "an open run of " + VM + ":\n" + runs.out());
        assertTrue(runs.err().contains("run " + m.group(1)) && runs.err().contains("was left open: `vfmigrate resume " + m.group(1) + "`"),
                () -> "the dead coordinator's run is reported on start:\n" + runs.err());
        return m.group(1);
    }

    @ParameterizedTest(name = "killed after step {0}, resume finishes")
    @ValueSource(ints = {2, 4, 6, 8})
    void resumeFinishes(int step) {
        String from = LabMigrationTest.whereIs(VM);
        String to = LabMigrationTest.other(from);
        String run = killedAfter(step, to);
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "resume", run);
        assertEquals(0, r.exit(), () -> r.out() + r.err());
        Lab.assertHealthyOn(to, VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
    }

    @ParameterizedTest(name = "killed after step {0}, rollback restores")
    @ValueSource(ints = {1, 3, 5, 7})
    void rollbackRestores(int step) {
        String from = LabMigrationTest.whereIs(VM);
        String run = killedAfter(step, LabMigrationTest.other(from));
        Shell.Result r = Vfmigrate.run(Lab.INVENTORY, Map.of(), "--lease-ttl", "2s", "rollback", run);
        assertEquals(1, r.exit(), () -> r.out() + r.err());
        assertTrue(r.out().contains("failed and compensated: " + VM + " is as it was on " + from), r::out);
        Lab.assertHealthyOn(from, VM, LabMigrationTest.MAC, LabMigrationTest.ADDRESS);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
