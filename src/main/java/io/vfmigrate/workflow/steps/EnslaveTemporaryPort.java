package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.Contradiction;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Enslaves each temporary port in its bond, beside the VF. */
public record EnslaveTemporaryPort() implements Step {
    public static final String TYPE = "enslave-temporary-port";

    public String type() { return TYPE; }

    public void apply(RunContext ctx) {
        for (BondFacts bond : ctx.bonds()) {
            Devices.enslave(ctx, bond.temporaryPortIfindex(), bond.name(), "the temporary port of " + bond.name());
        }
    }

    public void compensate(RunContext ctx) {
        for (BondFacts bond : ctx.bonds()) {
            var tmp = Devices.link(ctx, bond.temporaryPortIfindex());
            if (tmp.isPresent() && tmp.get().isSlaveOf(bond.name())) ctx.guest().release(tmp.get().name());
        }
    }

    /** Done: each temporary port is a slave of its bond (until remove-temporary-port acted). */
    @Override
    public Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) {
        if (later.contains(RemoveTemporaryPort.TYPE)) return Optional.empty();
        List<GuestLink> links = ctx.guest().links();
        for (BondFacts bond : ctx.bonds()) {
            if (bond.temporaryPortIfindex().isEmpty()) continue;
            String journal = "the temporary port (guest ifindex " + bond.temporaryPortIfindex().get() + ") is a slave of " + bond.name();
            var tmp = Devices.link(links, bond.temporaryPortIfindex()).filter(l -> l.isNicWithMac(bond.mac()));
            if (tmp.isEmpty()) {
                return Optional.of(new Contradiction(journal, Recheck.missingLink(ctx, bond.temporaryPortIfindex()) + " and MAC " + bond.mac()));
            }
            if (!tmp.get().isSlaveOf(bond.name())) return Optional.of(new Contradiction(journal, Recheck.masterOf(tmp.get())));
        }
        return Optional.empty();
    }

    /** Undone: no temporary port is a slave of a bond (found by MAC and ifindex; gone counts). */
    @Override
    public boolean undone(RunContext ctx) {
        List<GuestLink> links = ctx.guest().links();
        return ctx.bonds().stream().allMatch(bond -> Devices.link(links, bond.temporaryPortIfindex())
                .filter(l -> l.isNicWithMac(bond.mac())).map(l -> l.master().isEmpty()).orElse(true));
    }

    public StepPlan plan(RunContext ctx) {
        List<String> commands = new ArrayList<>();
        for (BondFacts bond : ctx.bonds()) {
            var name = new PlanName(Devices.planName(ctx, bond.temporaryPortIfindex(), bond.mac()));
            commands.add(name.render(GuestCommands.linkDown(PlanName.PLACEHOLDER)) + "   # only if it is up");
            commands.add(name.render(GuestCommands.enslave(PlanName.PLACEHOLDER, bond.name())));
        }
        return new StepPlan(TYPE, "enslave the temporary port(s) in the guest's bond", StepPlan.params("guest-commands", commands));
    }
}
