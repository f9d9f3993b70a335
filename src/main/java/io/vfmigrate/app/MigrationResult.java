package io.vfmigrate.app;

import io.vfmigrate.workflow.RunOutcome;
import java.util.Optional;

/** The plan, and for a real run its outcome; the exit code follows from both. */
public record MigrationResult(Plan plan, Optional<RunOutcome> outcome, Optional<String> refusal) {
    public int exitCode() {
        if (refusal.isPresent() || !plan.preflightPassed()) return ExitCode.REFUSED;
        if (outcome.isEmpty()) return ExitCode.DONE;
        return ExitCode.of(outcome.get().state());
    }
}
