package io.vfmigrate.app.run;

import io.vfmigrate.model.FailureException;
import io.vfmigrate.workflow.Contradiction;
import io.vfmigrate.workflow.FactKeys;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.VmCopies;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-checks, against the hosts and the guest, each step that a `resume` would skip or a `rollback`
 * undo, as far as the journal calls it done: the run acts only when the journal and the real state
 * agree. Each step says what contradicts it ({@link Step#contradiction}), knowing which later steps
 * may have acted since. A check that cannot ask a host or the guest is logged and not held against
 * the run: the steps themselves check before they act.
 */
final class JournalAgreement {
    private static final Logger LOG = LoggerFactory.getLogger(JournalAgreement.class);

    private JournalAgreement() {}

    /** A step the real state contradicts: its index in the workflow (0-based), its type, and how. */
    record Disagreement(int step, String type, Contradiction contradiction) {
        String describe() {
            return "step " + (step + 1) + " " + type + ": the journal says " + contradiction.journal() + "; real: " + contradiction.real();
        }
    }

    /**
     * What the re-check found: the steps the real state contradicts, oldest first, and {@code reverted}: the newest
     * of the steps checked whose effect is gone because the state before them holds again (a guest reboot sets the bond
     * up on the VF again), oldest first. Those contradict nothing: a `resume` applies them again, a `rollback` finds
     * nothing of them to undo. Only the newest ones: an older step whose effect a later step still relies on is a
     * contradiction.
     */
    record Result(List<Disagreement> disagreements, List<Integer> reverted) {}

    /** The disagreements among {@code indexes} (the ones the journal calls done). */
    static Result check(RunReplay replay, List<Step> steps, RunContext run, List<Integer> indexes) {
        RunContext ctx = whereTheVmIs(replay, steps, run);
        List<Disagreement> out = new ArrayList<>();
        for (int i : indexes.stream().sorted().toList()) {
            if (!replay.done(i)) continue;
            Step step = steps.get(i);
            Set<String> later = IntStream.range(i + 1, steps.size()).filter(replay::mayHaveActed)
                    .mapToObj(j -> steps.get(j).type()).collect(Collectors.toSet());
            try {
                step.contradiction(ctx, later).ifPresent(c -> out.add(new Disagreement(i, step.type(), c)));
            } catch (FailureException e) {
                LOG.warn("run {}: cannot re-check step {} {} against the hosts: {}", ctx.runId(), i + 1, step.type(), e.failure().message());
            }
        }
        List<Integer> reverted = reverted(ctx, steps, out, indexes.stream().filter(replay::done).sorted().toList());
        out.removeIf(d -> reverted.contains(d.step()));
        return new Result(out, reverted);
    }

    /** Newest first, while each checked step is contradicted and its before-state holds; returned oldest first. */
    private static List<Integer> reverted(RunContext ctx, List<Step> steps, List<Disagreement> found, List<Integer> checked) {
        List<Integer> reverted = new ArrayList<>();
        for (int k = checked.size() - 1; k >= 0; k--) {
            int i = checked.get(k);
            if (found.stream().noneMatch(d -> d.step() == i)) break;
            try {
                if (!steps.get(i).undone(ctx)) break;
            } catch (FailureException e) {
                break;
            }
            reverted.add(0, i);
        }
        if (!reverted.isEmpty()) LOG.warn("run {}: the real state shows step(s) {} reverted (their before-state holds again)", ctx.runId(),
                reverted.stream().map(i -> (i + 1) + " " + steps.get(i).type()).toList());
        return reverted;
    }

    /**
     * The context the checks read: the run's own, except while a migration (or its undo) has no outcome
     * in the journal: the VM may then be on either host, and the checks look where its authoritative
     * copy is (on a copy of the facts, so the run's own are not changed).
     */
    private static RunContext whereTheVmIs(RunReplay replay, List<Step> steps, RunContext run) {
        boolean inFlight = IntStream.range(0, steps.size()).anyMatch(i -> steps.get(i).isMigration() && replay.mayHaveActed(i) && !replay.done(i));
        if (!inFlight) return run;
        try {
            var host = VmCopies.read(run).authoritative();
            if (host.isEmpty()) return run;
            Facts facts = new Facts(run.facts().snapshot());
            facts.put(FactKeys.VM_HOST, host.get().name());
            return run.withFacts(facts);
        } catch (FailureException e) {
            LOG.info("run {}: cannot tell where {} is: {}", run.runId(), run.vm(), e.failure().message());
            return run;
        }
    }
}
