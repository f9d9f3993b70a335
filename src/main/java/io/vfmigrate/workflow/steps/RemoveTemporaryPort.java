package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.ports.Host;
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

/** Releases and removes each temporary port, but only once its bond's VF is verified active. */
public record RemoveTemporaryPort(Duration timeout) implements Step {
    public static final String TYPE = "remove-temporary-port";

    public String type() { return TYPE; }

    /**
     * The port is detached without releasing it from the bond first: the guest's bonding driver releases a slave
     * whose device goes away (as for the VF in detach-vf), and the port is an inactive slave by then.
     */
    public void apply(RunContext ctx) {
        Host host = ctx.current();
        for (BondFacts bond : ctx.bonds()) {
            var vf = Devices.name(ctx, ctx.vf(bond.activeVf()).guestIfindex(), "the VF of " + bond.name());
            if (!ctx.guest().activeSlave(bond.name()).map(vf::equals).orElse(false)) {
                throw new FailureException(new Failure.Unexpected("refusing to remove the temporary port of " + bond.name()
                        + ": the VF " + vf + " is not its active slave"));
            }
            var device = Devices.byAlias(ctx, host, bond.temporaryPortAlias());
            if (device.isPresent()) host.hypervisor().detachDevice(ctx.vm(), device.get().xml(), bond.temporaryPortAlias(), timeout);
            bond.forgetTemporaryPort();
        }
        TemporaryMacvtap.deleteAll(ctx, host);
    }

    /** Nothing to undo: the port goes only after the VF is verified active. */
    public void compensate(RunContext ctx) {}

    /** Done: no temporary port is left attached to the VM where it runs. */
    @Override
    public Optional<Contradiction> contradiction(RunContext ctx, Set<String> later) {
        if (ctx.bonds().isEmpty()) return Optional.empty();
        Host host = ctx.current();
        String journal = "the temporary port(s) of " + ctx.vm() + " are removed on " + host.name();
        var domain = Recheck.domain(ctx, host);
        if (domain.isEmpty()) return Optional.of(Recheck.notOn(ctx, host, journal));
        for (BondFacts bond : ctx.bonds()) {
            var left = domain.get().interfaces().stream().filter(i -> i.hasAlias(bond.temporaryPortAlias())).findFirst();
            if (left.isPresent()) {
                return Optional.of(new Contradiction(journal, "temporary port " + bond.temporaryPortAlias() + " (MAC " + left.get().mac()
                        + ") is still attached"));
            }
        }
        return Optional.empty();
    }

    public StepPlan plan(RunContext ctx) {
        List<String> commands = new ArrayList<>();
        List<String> hostCommands = new ArrayList<>();
        for (BondFacts bond : ctx.bonds()) {
            commands.add(GuestCommands.render(GuestCommands.readBond(bond.name())) + "   # verify: the VF is active");
            if (TemporaryMacvtap.planSpec(ctx.destination(), bond).isPresent()) {
                hostCommands.add(GuestCommands.render(TemporaryPortSpec.Macvtap.deleteCommand(bond.mac())) + "   # after the detach");
            }
        }
        return new StepPlan(TYPE, "detach the temporary port(s) from " + ctx.destination().name()
                + " once each bond's VF is verified active (the guest's bond releases a port that goes away)",
                StepPlan.params("guest-commands", commands, "host-commands", hostCommands, "aliases", ctx.bonds().stream().map(BondFacts::temporaryPortAlias).toList(),
                        "timeout", Durations.format(timeout)));
    }
}
