package io.vfmigrate.cli;

import io.vfmigrate.model.RunRecord;
import io.vfmigrate.workflow.RunListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * For the lab's crash tests only, never in the shipped jar ({@link CrashTestMain} adds it to every run):
 * with VFMIGRATE_TEST_KILL_AFTER_STEP=N the coordinator sends itself SIGKILL
 * once step N (1-based) is journaled as done, so `resume` and `rollback` can be tested on a real death;
 * with VFMIGRATE_TEST_STOP_AFTER_STEP=N it sends itself SIGSTOP there (frozen until SIGCONT), so that
 * a take-over of its run by another coordinator can be tested on a real freeze.
 */
public final class TestKillSwitch implements RunListener {
    static final String VARIABLE = "VFMIGRATE_TEST_KILL_AFTER_STEP";
    static final String STOP_VARIABLE = "VFMIGRATE_TEST_STOP_AFTER_STEP";
    private final int afterStep;
    private final boolean kill;

    private TestKillSwitch(int afterStep, boolean kill) {
        this.afterStep = afterStep;
        this.kill = kill;
    }

    public static Optional<RunListener> fromEnvironment() {
        String v = System.getenv(VARIABLE);
        if (v != null && !v.isBlank()) return Optional.of(new TestKillSwitch(Integer.parseInt(v.trim()), true));
        String s = System.getenv(STOP_VARIABLE);
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(new TestKillSwitch(Integer.parseInt(s.trim()), false));
    }

    @Override
    public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
        if (index + 1 != afterStep) return;
        String pid = Long.toString(ProcessHandle.current().pid());
        if (!kill) {
            try {
                // returns once the process was continued
                new ProcessBuilder("kill", "-STOP", pid).inheritIO().start().waitFor();
                return;
            } catch (IOException | InterruptedException e) {
                Runtime.getRuntime().halt(137);
            }
        }
        try {
            new ProcessBuilder("kill", "-KILL", pid).inheritIO().start().waitFor();
            Thread.sleep(10_000);
        } catch (IOException | InterruptedException e) {
            Runtime.getRuntime().halt(137);
        }
        Runtime.getRuntime().halt(137);
    }
}
