package io.vfmigrate.workflow;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.RunState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the steps of a run in order. Before the migration a failure compensates the registered steps
 * in reverse; after it, recovery goes forward (retry with backoff, then another free VF); an undo that
 * fails during those retries is one failed attempt, retried too. An undo that fails in a rollback stops
 * the undoing (so the port still carrying traffic stays) and leaves NEEDS_OPERATOR. So does a journal
 * that cannot take a transition ({@link JournalWriteFailed}): nothing more is done, since every step
 * and undo is journaled before it acts.
 */
public final class Engine {
    private static final List<Duration> UNDO_RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    private static final Duration UNDO_RETRY_BUDGET = Duration.ofSeconds(30);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Engine.class);

    private final RunListener listener;
    private final Clock clock;
    private final Poll poll;
    private final LeftoverSurvey survey;
    private final EndStateCheck endState;

    public Engine(List<RunListener> listeners, Clock clock, Poll poll, LeftoverSurvey survey) {
        this(listeners, clock, poll, survey, EndStateCheck.NONE);
    }

    public Engine(List<RunListener> listeners, Clock clock, Poll poll, LeftoverSurvey survey, EndStateCheck endState) {
        this.listener = RunListener.of(listeners);
        this.clock = clock;
        this.poll = poll;
        this.survey = survey;
        this.endState = endState;
    }

    public RunOutcome execute(RunProgress run, RunContext ctx, WorkflowDefinition.RecoveryPolicy policy) {
        try {
            return applyAll(run, ctx, policy);
        } catch (JournalWriteFailed e) {
            return journalFailed(run, ctx, e);
        }
    }

    private RunOutcome applyAll(RunProgress run, RunContext ctx, WorkflowDefinition.RecoveryPolicy policy) {
        moveTo(run, RunState.RUNNING);
        while (run.next < run.steps.size()) {
            int i = run.next;
            Optional<Failure> failure = stopAsked(run, ctx).or(() -> apply(run, ctx, i));
            if (failure.isPresent()) {
                run.cause = failure;
                if (!run.migrated) return compensateAll(run, ctx);
                if (!recoverForward(run, ctx, i, failure.get(), policy)) return needsOperator(run, ctx);
            }
            if (run.steps.get(i).isMigration()) run.migrated = true;
            run.next = i + 1;
        }
        List<String> problems = endStateProblems(run, ctx);
        if (!problems.isEmpty()) {
            run.cause = Optional.of(new Failure.Unexpected("every step succeeded but the end state is not reached: " + String.join("; ", problems)));
            return needsOperator(run, ctx, problems);
        }
        afterRun(run, ctx);
        moveTo(run, RunState.SUCCEEDED);
        return new RunOutcome(run.record, Optional.empty(), List.of(), pendingCleanups(ctx));
    }

    /**
     * Ends an open run without acting on the VM: the hosts show it needs nothing more ({@code why}). What its steps made that
     * nothing uses is removed ({@link Step#afterRun}).
     */
    public RunOutcome close(RunProgress run, RunContext ctx, String why) {
        try {
            afterRun(run, ctx);
            moveTo(run, RunState.CLOSED);
        } catch (JournalWriteFailed e) {
            // nothing was to be done: the run ends here, its journal behind (the exit code says so)
        }
        return new RunOutcome(run.record, Optional.of(new Failure.Unexpected(why)), List.of(), List.of());
    }

    /** Compensates every registered step, newest first (the `rollback` command, and failures before migration). */
    public RunOutcome compensateAll(RunProgress run, RunContext ctx) {
        try {
            return undoAll(run, ctx);
        } catch (JournalWriteFailed e) {
            return journalFailed(run, ctx, e);
        }
    }

    private RunOutcome undoAll(RunProgress run, RunContext ctx) {
        moveTo(run, RunState.COMPENSATING);
        while (!run.registered.isEmpty()) {
            int i = run.registered.peek();
            Optional<Failure> failure = compensateWhileOutOfReach(run, ctx, i);
            if (failure.isPresent()) {
                run.compensationFailures.add(failure.get());
                return needsOperator(run, ctx);
            }
            run.registered.pop();
            run.next = Math.min(run.next, i);
        }
        afterRun(run, ctx);
        moveTo(run, RunState.COMPENSATED);
        Optional<Failure> cause = run.cause.or(() -> Optional.of(new Failure.Unexpected("rolled back on request")));
        return new RunOutcome(run.record, cause, List.of(), pendingCleanups(ctx));
    }

    /**
     * An undo that could not reach its host at all is tried again 1, 2, 4 and 8 s later, while that is within 30 s of its
     * first failure, before an operator is called: a daemon restarting (an upgrade, systemd restarting it after a crash;
     * on the loaded lab, a daemon stopped in the middle of a migration and started again at once took more than 10 s) is
     * back within seconds. The 30 s count the tries' own time: a host whose packets are dropped costs a connect timeout
     * per try, and its undo gives up after three more tries, not four. Undos are idempotent (one whose goal already
     * holds succeeds), so another try never does a thing twice.
     */
    private Optional<Failure> compensateWhileOutOfReach(RunProgress run, RunContext ctx, int i) {
        Optional<Failure> failure = compensate(run, ctx, i);
        Instant giveUp = clock.instant().plus(UNDO_RETRY_BUDGET);
        for (Duration wait : UNDO_RETRIES) {
            if (failure.isEmpty() || !Failure.outOfReach(failure.get()) || clock.instant().plus(wait).isAfter(giveUp)) break;
            poll.sleep(wait, "waiting to retry the undo of " + run.steps.get(i).type());
            failure = compensate(run, ctx, i);
        }
        return failure;
    }

    private static void afterRun(RunProgress run, RunContext ctx) {
        for (Step step : run.steps) {
            try {
                step.afterRun(ctx);
            } catch (RuntimeException e) {
                LOG.warn("{}: after the run, {} could not clean up: {}", ctx.vm(), step.type(),
                        e instanceof FailureException f ? f.failure().message() : e.toString());
            }
        }
    }

    /** What the run could not clean on a host it could not reach: named in its report even when it ended well. */
    private static List<String> pendingCleanups(RunContext ctx) {
        return PendingCleanups.of(ctx.facts().snapshot()).entrySet().stream()
                .map(e -> PendingCleanups.line(e.getKey(), e.getValue())).toList();
    }

    private boolean recoverForward(RunProgress run, RunContext ctx, int i, Failure cause, WorkflowDefinition.RecoveryPolicy policy) {
        moveTo(run, RunState.RECOVERING);
        Step step = run.steps.get(i);
        for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
            Duration delay = policy.delayBefore(attempt);
            listener.recovering(run.record, i, step.type(), attempt, delay, cause);
            poll.sleep(delay, "waiting to retry " + step.type());
            // A failed undo is one failed attempt, retried after the next backoff like the step itself.
            Optional<Failure> undo = compensate(run, ctx, i);
            if (undo.isPresent()) {
                cause = undo.get();
                continue;
            }
            Optional<Failure> again = apply(run, ctx, i);
            if (again.isEmpty()) return backToRunning(run);
            cause = again.get();
        }
        int k = step.usesChosenVf() ? lastVfChooser(run, i) : -1;
        for (int alternative = 1; k >= 0 && alternative <= policy.otherVfs(); alternative++) {
            listener.recovering(run.record, k, run.steps.get(k).type(), policy.attempts() + alternative, Duration.ZERO, cause);
            for (int j = i; j >= k; j--) if (compensate(run, ctx, j).isPresent()) return false;
            if (!run.steps.get(k).chooseAnotherVf(ctx)) return false;
            Optional<Failure> failed = Optional.empty();
            for (int j = k; j <= i && failed.isEmpty(); j++) failed = apply(run, ctx, j);
            if (failed.isEmpty()) return backToRunning(run);
            cause = failed.get();
        }
        return false;
    }

    /** A signal before the migration stops the run as a failure would (it compensates); after it, recovery goes on. */
    private static Optional<Failure> stopAsked(RunProgress run, RunContext ctx) {
        if (run.migrated || !ctx.controls().stopRequested().getAsBoolean()) return Optional.empty();
        return Optional.of(new Failure.Interrupted("running the workflow (stopped by a signal before step "
                + (run.next + 1) + " " + run.steps.get(run.next).type() + ")"));
    }

    private boolean backToRunning(RunProgress run) {
        moveTo(run, RunState.RUNNING);
        return true;
    }

    private int lastVfChooser(RunProgress run, int i) {
        for (int k = i; k > run.migrationIndex(); k--) if (run.steps.get(k).choosesVf()) return k;
        return -1;
    }

    private Optional<Failure> apply(RunProgress run, RunContext ctx, int i) {
        Step step = run.steps.get(i);
        listener.stepStarted(run.record, i, step.type());
        if (!run.registered.contains(i)) {
            listener.compensationRegistered(run.record, i, step.type());
            run.registered.push(i);
        }
        Instant start = clock.instant();
        Optional<Failure> failure = attempt(step, () -> step.apply(ctx));
        if (failure.isEmpty()) {
            listener.stepSucceeded(run.record, i, step.type(), Duration.between(start, clock.instant()), ctx.facts().drainChanges());
        } else {
            listener.stepFailed(run.record, i, step.type(), failure.get(), ctx.facts().drainChanges());
        }
        return failure;
    }

    private Optional<Failure> compensate(RunProgress run, RunContext ctx, int i) {
        Step step = run.steps.get(i);
        listener.compensationStarted(run.record, i, step.type());
        Instant start = clock.instant();
        Optional<Failure> failure = attempt(step, () -> step.compensate(ctx));
        if (failure.isEmpty()) {
            listener.compensationSucceeded(run.record, i, step.type(), Duration.between(start, clock.instant()), ctx.facts().drainChanges());
        } else {
            listener.compensationFailed(run.record, i, step.type(), failure.get(), ctx.facts().drainChanges());
        }
        return failure;
    }

    private static Optional<Failure> attempt(Step step, Runnable action) {
        try {
            action.run();
            return Optional.empty();
        } catch (FailureException e) {
            return Optional.of(e.failure());
        } catch (RuntimeException e) {
            // A bug in a step must still lead to compensation, not to an abandoned VM.
            return Optional.of(new Failure.Unexpected("step " + step.type() + " failed unexpectedly: " + e));
        }
    }

    /** "Done" is checked, not assumed: what the hosts show against what the run promises. */
    private List<String> endStateProblems(RunProgress run, RunContext ctx) {
        try {
            return endState.problems(ctx, run.steps);
        } catch (FailureException e) {
            return List.of("cannot verify the end state: " + e.failure().message());
        }
    }

    /**
     * The journal could not take a transition: nothing more is done. The hosts are read for what is left, and the
     * run ends in memory needing an operator; a run whose end only could not be written keeps that end.
     */
    private RunOutcome journalFailed(RunProgress run, RunContext ctx, JournalWriteFailed e) {
        Failure failure = new Failure.JournalUnavailable(e.transition(), e.reason());
        if (run.record.state() == RunState.SUCCEEDED) return new RunOutcome(run.record, Optional.empty(), List.of(), pendingCleanups(ctx));
        if (run.record.state().isTerminal()) return new RunOutcome(run.record, run.cause.or(() -> Optional.of(failure)), List.of(), pendingCleanups(ctx));
        run.cause = Optional.of(failure);
        return needsOperator(run, ctx);
    }

    private RunOutcome needsOperator(RunProgress run, RunContext ctx) {
        return needsOperator(run, ctx, List.of());
    }

    private RunOutcome needsOperator(RunProgress run, RunContext ctx, List<String> problems) {
        moveTo(run, RunState.NEEDS_OPERATOR);
        List<String> leftovers = new java.util.ArrayList<>(problems);
        try {
            leftovers.addAll(survey.survey(ctx));
        } catch (RuntimeException e) {
            leftovers.add("could not survey the hosts: " + e.getMessage());
        }
        listener.needsOperator(run.record, leftovers, ctx.facts().drainChanges());
        return new RunOutcome(run.record, run.cause, run.compensationFailures, leftovers);
    }

    private void moveTo(RunProgress run, RunState next) {
        RunState from = run.record.state();
        if (from == next) return;
        run.record = run.record.withState(next, clock.instant());
        listener.stateChanged(run.record, from, next);
    }
}
