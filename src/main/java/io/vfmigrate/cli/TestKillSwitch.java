package io.vfmigrate.cli;

import io.vfmigrate.model.RunRecord;
import io.vfmigrate.workflow.RunListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * For crash tests only: with VFMIGRATE_TEST_KILL_AFTER_STEP=N the coordinator sends itself SIGKILL
 * once step N (1-based) is journaled as done, so `resume` and `rollback` can be tested on a real death.
 */
final class TestKillSwitch implements RunListener {
    static final String VARIABLE = "VFMIGRATE_TEST_KILL_AFTER_STEP";
    private final int afterStep;

    private TestKillSwitch(int afterStep) { this.afterStep = afterStep; }

    static Optional<RunListener> fromEnvironment() {
        String v = System.getenv(VARIABLE);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(new TestKillSwitch(Integer.parseInt(v.trim())));
    }

    @Override
    public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
        if (index + 1 != afterStep) return;
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(10_000);
        } catch (IOException | InterruptedException e) {
            Runtime.getRuntime().halt(137);
        }
        Runtime.getRuntime().halt(137);
    }
}
