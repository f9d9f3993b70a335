package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.workflow.Contradiction;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.Step;
import io.vfmigrate.workflow.StepPlan;
import io.vfmigrate.workflow.VfFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Enslaves each attached VF in the bond it belonged to (VFs outside any bond are left alone). */
public record EnslaveVf() implements Step {
    public static final String TYPE = "enslave-vf";

    public String type() { return TYPE; }

    @Override public boolean usesChosenVf() { return true; }

    public void apply(RunContext ctx) {
        for (VfFacts vf : ctx.vfs()) {
            if (vf.bond().isEmpty()) continue;
            GuestInterfaceName bond = new GuestInterfaceName(vf.bond().get());
            Devices.enslave(ctx, vf.guestIfindex(), bond, "the VF with MAC " + vf.mac());
        }
    }

    public void compensate(RunContext ctx) {
        for (VfFacts vf : ctx.vfs()) {
            if (vf.bond().isEmpty()) continue;
            GuestInterfaceName bond = new GuestInterfaceName(vf.bond().get());
            var link = Devices.link(ctx, vf.guestIfindex());
            if (link.isPresent() && link.get().isSlaveOf(bond)) ctx.guest().release(link.get().name());
        }
    }

    /** Done: each VF of a bond, on the host the VM moved to, is a slave of that bond. */
    @Override
    public Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) {
        List<GuestLink> links = null;
        for (VfFacts vf : ctx.vfs()) {
            if (vf.bond().isEmpty() || vf.guestIfindex().isEmpty()) continue;
            if (links == null) links = ctx.guest().links();
            GuestInterfaceName bond = new GuestInterfaceName(vf.bond().get());
            String journal = "the VF with MAC " + vf.mac() + " (guest ifindex " + vf.guestIfindex().get() + ") is a slave of " + bond;
            var link = Devices.link(links, vf.guestIfindex()).filter(l -> l.isNicWithMac(vf.mac()));
            if (link.isEmpty()) return Optional.of(new Contradiction(journal, Recheck.missingLink(ctx, vf.guestIfindex()) + " and MAC " + vf.mac()));
            if (!link.get().isSlaveOf(bond)) return Optional.of(new Contradiction(journal, Recheck.masterOf(link.get())));
        }
        return Optional.empty();
    }

    public StepPlan plan(RunContext ctx) {
        List<String> commands = new ArrayList<>();
        for (VfFacts vf : ctx.vfs()) {
            if (vf.bond().isEmpty()) continue;
            GuestInterfaceName bond = new GuestInterfaceName(vf.bond().get());
            var name = new PlanName("<new interface with MAC " + vf.mac() + ">");
            commands.add(name.render(GuestCommands.linkDown(PlanName.PLACEHOLDER)) + "   # only if it is up");
            commands.add(name.render(GuestCommands.enslave(PlanName.PLACEHOLDER, bond)));
        }
        return new StepPlan(TYPE, "enslave the attached VF(s) in their bond", StepPlan.params("guest-commands", commands));
    }
}
