package io.vfmigrate.workflow;

import java.time.Duration;
import java.util.List;

/**
 * A named, ordered list of steps, plus how recovery after the migration behaves. {@code text} is the
 * YAML it was read from: journaled with each run, so a resume uses the workflow the run started with.
 */
public record WorkflowDefinition(String name, String description, List<StepDefinition> steps, RecoveryPolicy recovery, String text) {
    /** The step types that give a workflow its shape (their classes are in {@code workflow.steps}). */
    public static final String MIGRATE_OFFLINE = "migrate-offline";
    public static final String DETACH_VF = "detach-vf";
    public static final String ATTACH_VF = "attach-vf";

    public WorkflowDefinition { steps = List.copyOf(steps); }

    /** Moves a shut-off VM's definition instead of live-migrating it. */
    public boolean offline() { return has(MIGRATE_OFFLINE); }

    /** Detaches the VM's VFs and attaches others on the destination. */
    public boolean movesVfs() { return has(DETACH_VF) || has(ATTACH_VF); }

    private boolean has(String type) { return steps.stream().anyMatch(s -> s.type().equals(type)); }

    /**
     * After the migration, a failing step is retried {@code attempts} times with exponential backoff
     * from {@code backoff} up to {@code maxBackoff}; then up to {@code otherVfs} other free VFs are tried.
     */
    public record RecoveryPolicy(int attempts, Duration backoff, Duration maxBackoff, int otherVfs) {
        public static final RecoveryPolicy DEFAULT = new RecoveryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 1);
        /** The ranges checked at load (docs/workflows.md); {@code maxBackoff} is at least {@code backoff}. */
        public static final int MAX_ATTEMPTS = 10;
        public static final int MAX_OTHER_VFS = 64;
        public static final ParamSpec.Range BACKOFF = ParamSpec.Range.of(Duration.ofMillis(1), Duration.ofMinutes(10));
        public static final ParamSpec.Range MAX_BACKOFF = ParamSpec.Range.of(Duration.ofMillis(1), Duration.ofHours(1));

        public Duration delayBefore(int attempt) {
            long ms = backoff.toMillis() << Math.min(attempt - 1, 20);
            return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
        }
    }
}
