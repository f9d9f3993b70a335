package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Makes the VF that was active (and primary, if one was) the bond's active slave again, and verifies it. */
public record FailBackToVf(Duration timeout) implements Step {
    public static final String TYPE = "fail-back-to-vf";

    public String type() { return TYPE; }

    @Override public boolean usesChosenVf() { return true; }

    public void apply(RunContext ctx) {
        for (BondFacts bond : ctx.bonds()) {
            GuestLink vf = Devices.requireLink(ctx, ctx.vf(bond.activeVf()).guestIfindex(), "the VF of " + bond.name());
            if (bond.primaryVf().isPresent()) {
                GuestLink primary = Devices.requireLink(ctx, ctx.vf(bond.primaryVf().get()).guestIfindex(), "the primary VF of " + bond.name());
                ctx.guest().setPrimary(bond.name(), primary.name());
            }
            if (!ctx.guest().bond(bond.name()).isActive(vf.name())) ctx.guest().setActiveSlave(bond.name(), vf.name());
            Devices.awaitActive(ctx, bond.name(), vf.name(), timeout);
        }
    }

    /** Back to the temporary port, which still carries the traffic, while the VF is retried. */
    public void compensate(RunContext ctx) {
        for (BondFacts bond : ctx.bonds()) {
            var tmp = Devices.link(ctx, bond.temporaryPortIfindex());
            if (tmp.isEmpty() || !tmp.get().isSlaveOf(bond.name())) continue;
            if (bond.primaryVf().isPresent()) ctx.guest().setPrimary(bond.name(), tmp.get().name());
            if (!ctx.guest().bond(bond.name()).isActive(tmp.get().name())) ctx.guest().setActiveSlave(bond.name(), tmp.get().name());
            Devices.awaitActive(ctx, bond.name(), tmp.get().name(), timeout);
        }
    }

    public StepPlan plan(RunContext ctx) {
        List<String> commands = new ArrayList<>();
        for (BondFacts bond : ctx.bonds()) {
            var name = new PlanName("<new interface with MAC " + ctx.vf(bond.activeVf()).mac() + ">");
            if (bond.primaryVf().isPresent()) commands.add(name.render(GuestCommands.primary(bond.name(), PlanName.PLACEHOLDER)));
            commands.add(name.render(GuestCommands.activeSlave(bond.name(), PlanName.PLACEHOLDER)));
            commands.add(GuestCommands.render(GuestCommands.readBond(bond.name())) + "   # verify active_slave");
        }
        return new StepPlan(TYPE, "make the VF the active slave again and verify it",
                StepPlan.params("guest-commands", commands, "timeout", io.vfmigrate.workflow.Durations.format(timeout)));
    }
}
