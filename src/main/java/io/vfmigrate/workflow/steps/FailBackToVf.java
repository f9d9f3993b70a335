package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.model.Durations;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.Contradiction;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the VF that was active (and primary, if one was) the bond's active slave again, with the
 * all_slaves_active the bond had before the run, and verifies it.
 */
public record FailBackToVf(Duration timeout) implements Step {
    public static final String TYPE = "fail-back-to-vf";

    public String type() { return TYPE; }

    @Override public boolean usesChosenVf() { return true; }

    public void apply(RunContext ctx) {
        for (BondFacts bond : ctx.bonds()) BondSwitch.toVf(ctx, bond, timeout);
    }

    /** Back to the temporary port, which still carries the traffic, while the VF is retried. */
    public void compensate(RunContext ctx) {
        for (BondFacts bond : ctx.bonds()) {
            var tmp = Devices.link(ctx, bond.temporaryPortIfindex());
            if (tmp.isPresent() && tmp.get().isSlaveOf(bond.name())) BondSwitch.toTemporaryPort(ctx, bond, tmp.get().name(), timeout);
        }
    }

    /** Done: the VF that was active before the run (its new link) is the active slave of each bond again. */
    @Override
    public Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) {
        if (ctx.bonds().isEmpty()) return Optional.empty();
        List<GuestLink> links = ctx.guest().links();
        for (BondFacts bond : ctx.bonds()) {
            var vf = ctx.vf(bond.activeVf());
            if (vf.guestIfindex().isEmpty()) continue;
            String journal = "the VF with MAC " + vf.mac() + " (guest ifindex " + vf.guestIfindex().get() + ") is the active slave of " + bond.name();
            var link = Devices.link(links, vf.guestIfindex());
            if (link.isEmpty()) return Optional.of(new Contradiction(journal, Recheck.missingLink(ctx, vf.guestIfindex())));
            if (!ctx.guest().bond(bond.name()).isActive(link.get().name())) {
                return Optional.of(new Contradiction(journal, Recheck.activeSlave(ctx, bond) + ", not " + link.get().name()));
            }
        }
        return Optional.empty();
    }

    public StepPlan plan(RunContext ctx) {
        List<String> commands = new ArrayList<>();
        for (BondFacts bond : ctx.bonds()) {
            var name = new PlanName("<new interface with MAC " + ctx.vf(bond.activeVf()).mac() + ">");
            commands.add(name.render(GuestCommands.switchActive(bond.name(), PlanName.PLACEHOLDER, bond.primaryVf().isPresent(),
                    java.util.Optional.of(bond.allSlavesActiveBefore()))));
            commands.addAll(BondSwitch.verification(bond));
        }
        return new StepPlan(TYPE, "make the VF the active slave again and verify it",
                StepPlan.params("guest-commands", commands, "timeout", Durations.format(timeout)));
    }
}
