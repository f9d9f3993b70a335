package io.vfmigrate.workflow;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The VM's copies on the run's two hosts, read from the hypervisors (a paused copy is not a running
 * one), and which copy is the VM: the one that runs; when both are paused, the destination's if the
 * migration completed (libvirt's completed job), else the source's; a lone paused copy is the VM.
 * When both run, the destination's if its incoming migration completed and libvirt resumed the source's
 * copy as a migration that did not happen (reason migration-canceled): its recovery does that when the
 * source's daemon dies during a peer-to-peer migration's last phase and restarts, so that copy is the stale
 * one. Else (a source copy booted or resumed by someone, a destination that kept old statistics) an operator's call.
 * {@link #settle} resumes that copy and removes the other.
 */
public record VmCopies(String vm, Host source, DomainState onSource, Host destination, DomainState onDestination) {

    public static VmCopies read(RunContext ctx) {
        return new VmCopies(ctx.vm(), ctx.source(), ctx.source().hypervisor().domainState(ctx.vm()),
                ctx.destination(), ctx.destination().hypervisor().domainState(ctx.vm()));
    }

    /** The host whose copy is the VM; empty when no copy is active. Throws when both run (a split brain: an operator's call). */
    public Optional<Host> authoritative() {
        if (onSource.isRunning() && onDestination.isRunning()) {
            if (onDestination.migratedIn() && onSource.resumedAfterMigration()) return Optional.of(destination);
            throw new FailureException(new Failure.Unexpected("VM " + vm + " runs on both " + source.name() + " and "
                    + destination.name() + ": an operator must choose which copy to keep"));
        }
        if (onSource.isRunning()) return Optional.of(source);
        if (onDestination.isRunning()) return Optional.of(destination);
        if (onSource.isPaused() && onDestination.isPaused()) {
            return Optional.of(onSource.migratedOut() || onDestination.migratedIn() ? destination : source);
        }
        if (onSource.isActive()) return Optional.of(source);
        if (onDestination.isActive()) return Optional.of(destination);
        return Optional.empty();
    }

    public boolean isOn(Host host) { return authoritative().map(h -> h.name().equals(host.name())).orElse(false); }

    /**
     * Resumes the authoritative copy if paused, destroys the other copy if active (a destination copy
     * it destroyed is undefined too; the source's definition only when {@code undefineSource}), and
     * returns what it did (empty when nothing). Idempotent.
     */
    public List<String> settle(boolean undefineSource) {
        List<String> done = new ArrayList<>();
        settle(undefineSource, done::add);
        return done;
    }

    /** As {@link #settle(boolean)}, telling {@code done} each action as soon as it succeeded (a later one may fail). */
    public void settle(boolean undefineSource, Consumer<String> done) {
        Optional<Host> keep = authoritative();
        if (keep.isEmpty()) return;
        Host kept = keep.get();
        boolean keepSource = kept.name().equals(source.name());
        DomainState keptState = keepSource ? onSource : onDestination;
        if (keptState.isPaused()) {
            // a daemon that restarts resumes a domain it finds paused by a migration: then the goal held already
            reach(() -> kept.hypervisor().resume(vm), () -> kept.hypervisor().domainState(vm).isRunning());
            done.accept("resumed the paused copy of " + vm + " on " + kept.name() + " (" + keptState + ")");
        }
        Host other = keepSource ? destination : source;
        DomainState otherState = keepSource ? onDestination : onSource;
        if (otherState.isActive()) {
            reach(() -> other.hypervisor().destroy(vm), () -> !other.hypervisor().domainState(vm).isActive());
            done.accept("destroyed the stale copy of " + vm + " on " + other.name() + " (" + otherState + ")"
                    + (otherState.isRunning() ? ": it ran beside the migrated copy, check the guest's storage and what it sent" : ""));
        }
        boolean undefine = keepSource ? otherState.isActive() : undefineSource && otherState.isPresent();
        if (undefine) {
            reach(() -> other.hypervisor().undefine(vm), () -> !other.hypervisor().domainState(vm).isPresent());
            done.accept("undefined " + vm + " on " + other.name());
        }
    }

    /**
     * Does {@code action}; when it fails, its goal may hold all the same (another actor reached it between our
     * read and the action: a restarted daemon resuming its domain, a copy that went away): then it succeeded.
     * Otherwise the action's failure stands.
     */
    static void reach(Runnable action, BooleanSupplier goal) {
        try {
            action.run();
        } catch (FailureException e) {
            boolean held;
            try {
                held = goal.getAsBoolean();
            } catch (FailureException unreadable) {
                e.addSuppressed(unreadable);
                throw e;
            }
            if (!held) throw e;
        }
    }

    @Override public String toString() {
        return vm + ": " + onSource + " on " + source.name() + ", " + onDestination + " on " + destination.name();
    }
}
