package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestCommands;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.RunContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves a bond's traffic between its VF and its temporary port, verified, in one guest command each
 * way. A bond with a primary gets the port it moves to as primary too, else it would fail straight
 * back. While the temporary port is active, all_slaves_active is 1: the NIC may still steer frames to
 * the VF (until its MAC is cleared, and again from the moment the destination VF is programmed until
 * it is active), and the bond then delivers them instead of dropping them. Back on the VF, the bond
 * gets the all_slaves_active it had before the run.
 */
final class BondSwitch {
    private BondSwitch() {}

    static void toTemporaryPort(RunContext ctx, BondFacts bond, GuestInterfaceName tmp, Duration timeout) {
        ctx.guest().switchActive(bond.name(), tmp, bond.primaryVf().isPresent(), Optional.of(true));
        Devices.awaitActive(ctx, bond.name(), tmp, timeout);
        verified(ctx, bond, "temporary-port", tmp, bond.mac());
    }

    /** Back to the VF that was active before the run (and to the primary VF, if one was set). */
    static void toVf(RunContext ctx, BondFacts bond, Duration timeout) {
        GuestInterfaceName vf = Devices.name(ctx, ctx.vf(bond.activeVf()).guestIfindex(), "the VF of " + bond.name());
        Optional<GuestInterfaceName> primary = Optional.empty();
        if (bond.primaryVf().isPresent()) {
            primary = Optional.of(Devices.name(ctx, ctx.vf(bond.primaryVf().get()).guestIfindex(), "the primary VF of " + bond.name()));
        }
        boolean primaryIsActive = primary.map(vf::equals).orElse(false);
        if (primary.isPresent() && !primaryIsActive) ctx.guest().setPrimary(bond.name(), primary.get());
        ctx.guest().switchActive(bond.name(), vf, primaryIsActive, Optional.of(bond.allSlavesActiveBefore()));
        Devices.awaitActive(ctx, bond.name(), vf, timeout);
        verified(ctx, bond, "vf", vf, ctx.vf(bond.activeVf()).mac());
    }

    /**
     * The verified active slave and its MAC, journaled with the step for the run's report; and, where the network has a
     * probe address that answered before the run, the data path through that slave: a bond whose active slave is up but
     * whose frames go nowhere (a dead switch behind the temporary port) fails the step, which then compensates or retries.
     */
    private static void verified(RunContext ctx, BondFacts bond, String to, GuestInterfaceName active, Mac mac) {
        String slave = bond.name() + " active slave " + active + " mac " + mac;
        Optional<String> probe = bond.probe();
        if (probe.isPresent() && !ctx.guest().reaches(probe.get())) {
            throw new FailureException(new Failure.Unexpected("the data path is lost: " + slave + ", but " + probe.get()
                    + " (the network's probe, which answered before the run) answered none of " + GuestCommands.PROBE_TRIES + " pings"));
        }
        ctx.facts().put("bond." + bond.index() + ".verified." + to, slave + probe.map(p -> ", " + p + " answers").orElse(""));
    }

    /** The guest commands that verify a switch-over, for the plan. */
    static List<String> verification(BondFacts bond) {
        List<String> commands = new ArrayList<>(List.of(GuestCommands.render(GuestCommands.readBond(bond.name())) + "   # verify active_slave"));
        bond.probe().ifPresent(p -> commands.add(GuestCommands.render(GuestCommands.probe(p)) + "   # verify the data path (up to "
                + GuestCommands.PROBE_TRIES + " times)"));
        return commands;
    }
}
