package io.vfmigrate.app;

import io.vfmigrate.workflow.RunOutcome;
import java.util.Optional;

/** The plan, and for a real run its outcome; the exit code follows from both. */
public record MigrationResult(Plan plan, Optional<RunOutcome> outcome, Optional<String> refusal) {
    public int exitCode() {
        if (refusal.isPresent() || !plan.preflightPassed()) return ExitCode.REFUSED;
        if (outcome.isEmpty()) return ExitCode.DONE;
        return ExitCode.of(outcome.get());
    }

    /**
     * With something that failed after the run (releasing its move slot): told after the run's outcome, never instead;
     * logged when no run was journaled.
     */
    public MigrationResult withSecondaryError(String error) {
        if (outcome.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(MigrationResult.class).warn("{}", error);
            return this;
        }
        return new MigrationResult(plan, outcome.map(o -> o.withSecondaryError(error)), refusal);
    }
}
