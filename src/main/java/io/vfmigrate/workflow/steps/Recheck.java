package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.Contradiction;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.VmCopies;
import java.util.Optional;

/**
 * Reads the steps' re-checks share (each step's {@code contradiction}): the VM's live devices on a
 * host, its guest links and bonds, phrased for the operator. Reads only, never acts.
 */
final class Recheck {
    private Recheck() {}

    /** The VM's live domain on {@code host}; empty when it is not active there. */
    static Optional<DomainDescription> domain(RunContext ctx, Host host) {
        return host.hypervisor().runningDomainXml(ctx.vm()).map(DomainDescription::parse);
    }

    /** The journal puts the VM on {@code host}, where it is not active: where it is, as far as the hosts tell. */
    static Contradiction notOn(RunContext ctx, Host host, String journal) {
        String where;
        try {
            where = VmCopies.read(ctx).toString();
        } catch (FailureException e) {
            where = "cannot tell where it is: " + e.failure().message();
        }
        return new Contradiction(journal, ctx.vm() + " is not active on " + host.name() + " (" + where + ")");
    }

    /** A journaled guest link that the guest does not show, for a message. */
    static String missingLink(RunContext ctx, Optional<Integer> ifindex) {
        return "guest " + ctx.vm() + " has no interface with ifindex " + ifindex.map(String::valueOf).orElse("(none journaled)");
    }

    static String masterOf(GuestLink link) {
        return "its interface " + link.name() + " is " + link.master().map(m -> "a slave of " + m).orElse("in no bond");
    }

    /** "the active slave of bond0 is eth1", read from the guest; what it could not read when the guest does not answer. */
    static String activeSlave(RunContext ctx, GuestInterfaceName bond) {
        try {
            return "the active slave of " + bond + " is " + ctx.guest().bond(bond).activeSlave().map(Object::toString).orElse("none");
        } catch (FailureException e) {
            return "the bond " + bond + " cannot be read: " + e.failure().message();
        }
    }

    static String activeSlave(RunContext ctx, BondFacts bond) { return activeSlave(ctx, bond.name()); }
}
