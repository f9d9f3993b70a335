package io.vfmigrate.workflow;

import io.vfmigrate.model.FailureException;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a workflow. {@code compensate} is registered before {@code apply} acts and must be
 * idempotent: undoing what never happened succeeds. Expected failures are thrown as
 * {@link FailureException}.
 */
public interface Step {
    String type();

    void apply(RunContext ctx);

    void compensate(RunContext ctx);

    /** The read-only description of what this step will do, with concrete values (dry run). */
    StepPlan plan(RunContext ctx);

    /** True for the step after which there is no cheaper way back than forward. */
    default boolean isMigration() { return false; }

    /** Whether it moves a shut-off VM's definition (the run then has no guest to check). */
    default boolean isOfflineMove() { return false; }

    /** True when a forward recovery may retry this step with another free VF. */
    default boolean choosesVf() { return false; }

    /**
     * True when this step's failure may be cured by another VF (attach, enslave, fail back). Not for
     * removing the temporary port: by then the VF works, and undoing it would strand the VM.
     */
    default boolean usesChosenVf() { return choosesVf(); }

    /** Drops the VF(s) this step chose and reserves others; false when none is free. */
    default boolean chooseAnotherVf(RunContext ctx) { return false; }

    /**
     * For a step the journal calls done, before a `resume` skips it or a `rollback` undoes it: why the
     * real state contradicts what it left, or empty when it agrees or nothing can be checked (wait,
     * guest-command). {@code later} holds the types of the steps after it that may have acted since
     * (done, or started and not undone): their effects may have replaced this step's. Reads only;
     * throws a FailureException when a host or the guest cannot be asked.
     */
    default Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) { return Optional.empty(); }

    /**
     * Whether the state before this step holds again, its effect reverted (a guest reboot sets the bond
     * up again on the VF): a `resume` applies it again, and a `rollback` has nothing of it to undo, as long
     * as every later step is reverted too. Only steps that can tell say true. Reads only; throws a
     * FailureException when a host or the guest cannot be asked.
     */
    default boolean undone(RunContext ctx) { return false; }

    /**
     * When the run ends, done or undone: removes what this step made on the run's hosts that nothing uses any more (left by
     * a step whose run died, or by a repair by hand). Never fails the run: what it cannot remove it says as a warning.
     */
    default void afterRun(RunContext ctx) {}
}
