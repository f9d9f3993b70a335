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
 * Makes the temporary port the active slave of each bond, with all_slaves_active on, and verifies it.
 */
public record FailOverToTemporaryPort(Duration timeout) implements Step {
    public static final String TYPE = "fail-over-to-temporary-port";

    public String type() { return TYPE; }

    public void apply(RunContext ctx) {
        for (BondFacts bond : ctx.bonds()) {
            var tmp = Devices.name(ctx, bond.temporaryPortIfindex(), "the temporary port of " + bond.name());
            BondSwitch.toTemporaryPort(ctx, bond, tmp, timeout);
        }
    }

    public void compensate(RunContext ctx) {
        for (BondFacts bond : ctx.bonds()) BondSwitch.toVf(ctx, bond, timeout);
    }

    /** Done: each temporary port is its bond's active slave (until fail-back-to-vf or remove-temporary-port acted). */
    @Override
    public Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) {
        if (later.contains(FailBackToVf.TYPE) || later.contains(RemoveTemporaryPort.TYPE)) return Optional.empty();
        List<GuestLink> links = ctx.guest().links();
        for (BondFacts bond : ctx.bonds()) {
            if (bond.temporaryPortIfindex().isEmpty()) continue;
            String journal = "the temporary port (guest ifindex " + bond.temporaryPortIfindex().get() + ") is the active slave of " + bond.name();
            var tmp = Devices.link(links, bond.temporaryPortIfindex()).filter(l -> l.isNicWithMac(bond.mac()));
            if (tmp.isEmpty()) {
                return Optional.of(new Contradiction(journal, Recheck.missingLink(ctx, bond.temporaryPortIfindex()) + " and MAC " + bond.mac()));
            }
            if (!ctx.guest().bond(bond.name()).isActive(tmp.get().name())) {
                return Optional.of(new Contradiction(journal, Recheck.activeSlave(ctx, bond) + ", not " + tmp.get().name()));
            }
        }
        return Optional.empty();
    }

    /** Undone: each bond's active slave is its VF again (found by MAC and ifindex). */
    @Override
    public boolean undone(RunContext ctx) {
        List<GuestLink> links = ctx.guest().links();
        for (BondFacts bond : ctx.bonds()) {
            var vf = ctx.vf(bond.activeVf());
            var nic = Devices.link(links, vf.guestIfindex()).filter(l -> l.isNicWithMac(vf.mac()));
            if (nic.isEmpty() || !ctx.guest().bond(bond.name()).isActive(nic.get().name())) return false;
        }
        return true;
    }

    public StepPlan plan(RunContext ctx) {
        List<String> commands = new ArrayList<>();
        for (BondFacts bond : ctx.bonds()) {
            var name = new PlanName(Devices.planName(ctx, bond.temporaryPortIfindex(), bond.mac()));
            commands.add(name.render(GuestCommands.switchActive(bond.name(), PlanName.PLACEHOLDER, bond.primaryVf().isPresent(),
                    java.util.Optional.of(true))));
            commands.addAll(BondSwitch.verification(bond));
        }
        return new StepPlan(TYPE, "make the temporary port the active slave and verify it",
                StepPlan.params("guest-commands", commands, "timeout", Durations.format(timeout)));
    }
}
