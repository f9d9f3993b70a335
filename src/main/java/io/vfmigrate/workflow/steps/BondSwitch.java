package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.BondState;
import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.RunContext;
import java.time.Duration;
import java.util.List;

/**
 * Moves a bond's traffic between its VF and its temporary port, verified. A bond with a primary gets
 * the port it moves to as primary too, else it would fail straight back.
 */
final class BondSwitch {
    private BondSwitch() {}

    static void toTemporaryPort(RunContext ctx, BondFacts bond, GuestLink tmp, Duration timeout) {
        BondState state = ctx.guest().bond(bond.name());
        if (state.primary().isPresent()) ctx.guest().setPrimary(bond.name(), tmp.name());
        if (!state.isActive(tmp.name())) ctx.guest().setActiveSlave(bond.name(), tmp.name());
        Devices.awaitActive(ctx, bond.name(), tmp.name(), timeout);
    }

    /** Back to the VF that was active before the run (and to the primary VF, if one was set). */
    static void toVf(RunContext ctx, BondFacts bond, Duration timeout) {
        List<GuestLink> links = ctx.guest().links();
        GuestLink vf = Devices.requireLink(ctx, links, ctx.vf(bond.activeVf()).guestIfindex(), "the VF of " + bond.name());
        if (bond.primaryVf().isPresent()) {
            GuestLink primary = Devices.requireLink(ctx, links, ctx.vf(bond.primaryVf().get()).guestIfindex(), "the primary VF of " + bond.name());
            ctx.guest().setPrimary(bond.name(), primary.name());
        }
        if (!ctx.guest().bond(bond.name()).isActive(vf.name())) ctx.guest().setActiveSlave(bond.name(), vf.name());
        Devices.awaitActive(ctx, bond.name(), vf.name(), timeout);
    }
}
