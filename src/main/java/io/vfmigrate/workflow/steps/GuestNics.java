package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.RunContext;
import io.vfmigrate.workflow.VfFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a run's guest NICs again when the guest numbered them anew (a reboot voids every ifindex the
 * journal holds, and the guest sets its bond up again from its own configuration). A NIC is known by
 * its MAC and its role: a VF or a temporary port that the host shows attached to the VM has a NIC with
 * its MAC in the guest. A journaled ifindex that still names a NIC with the right MAC is kept (nothing
 * changes for a guest that did not renumber); one that does not is found again: by elimination when the
 * other NIC with that MAC is known, else, when the VF and the temporary port share the MAC and both
 * ifindexes are void, the NIC in the bond is the VF (the guest's configuration enslaves it at boot) and
 * the one outside it the temporary port. Reads the hosts and the guest; changes only the run's facts
 * (journaled with its next step or undo).
 */
public final class GuestNics {
    private GuestNics() {}

    /** What it found again, one line per NIC ("bond0's temporary port: guest ifindex 4 -> 103 (eth1)"); empty when nothing changed. */
    public static List<String> reidentify(RunContext ctx) {
        Host host = ctx.current();
        Optional<DomainDescription> domain = Recheck.domain(ctx, host);
        if (domain.isEmpty() || ctx.bonds().isEmpty()) return List.of();
        List<GuestLink> links = ctx.guest().links();
        List<String> found = new ArrayList<>();
        for (BondFacts bond : ctx.bonds()) {
            VfFacts vf = ctx.vf(bond.activeVf());
            boolean vfAttached = currentVf(ctx, vf).filter(v -> host.pool(vf.network()).attachedTo(domain.get()).stream()
                    .anyMatch(a -> a.vf().id().equals(v.id()))).isPresent();
            boolean tmpAttached = bond.temporaryPortIfindex().isPresent()
                    && domain.get().interfaces().stream().anyMatch(i -> i.hasAlias(bond.temporaryPortAlias()));
            Optional<GuestLink> vfNic = vfAttached ? nic(links, vf.guestIfindex(), vf.mac()) : Optional.empty();
            Optional<GuestLink> tmpNic = tmpAttached ? nic(links, bond.temporaryPortIfindex(), bond.mac()) : Optional.empty();
            boolean shared = vf.mac().equals(bond.mac());
            List<GuestLink> nics = links.stream().filter(l -> l.isNicWithMac(vf.mac())).toList();
            if (vfAttached && vfNic.isEmpty()) {
                vfNic = shared && tmpAttached && tmpNic.isEmpty() ? inBond(nics, bond, true) : other(nics, tmpNic);
                vfNic.ifPresent(n -> found.add(found(bond, "VF", vf.guestIfindex(), n)));
                vfNic.ifPresent(n -> vf.guestIfindex(n.ifindex()));
            }
            if (tmpAttached && tmpNic.isEmpty() && shared) {
                Optional<GuestLink> nic = vfAttached ? other(nics, vfNic) : nics.size() == 1 ? Optional.of(nics.get(0)) : Optional.empty();
                if (vfAttached && vfNic.isPresent() && nic.isEmpty()) nic = inBond(nics, bond, false);
                nic.ifPresent(n -> found.add(found(bond, "temporary port", bond.temporaryPortIfindex(), n)));
                nic.ifPresent(n -> bond.temporaryPortIfindex(n.ifindex()));
            }
        }
        return found;
    }

    /** The VF the VM has on the host it is on now: the source's, or the destination's once chosen there. */
    private static Optional<Vf> currentVf(RunContext ctx, VfFacts vf) {
        return ctx.current().name().equals(ctx.source().name()) ? Optional.of(vf.sourceVf()) : vf.destinationVf();
    }

    private static Optional<GuestLink> nic(List<GuestLink> links, Optional<Integer> ifindex, Mac mac) {
        return Devices.link(links, ifindex).filter(l -> l.isNicWithMac(mac));
    }

    /** The one NIC with the MAC that is not {@code known}. */
    private static Optional<GuestLink> other(List<GuestLink> nics, Optional<GuestLink> known) {
        List<GuestLink> rest = nics.stream().filter(n -> known.map(k -> k.ifindex() != n.ifindex()).orElse(true)).toList();
        return rest.size() == 1 ? Optional.of(rest.get(0)) : Optional.empty();
    }

    /** The one NIC with the MAC that is a slave of the bond ({@code in}), or the one in no bond. */
    private static Optional<GuestLink> inBond(List<GuestLink> nics, BondFacts bond, boolean in) {
        List<GuestLink> match = nics.stream().filter(n -> in ? n.isSlaveOf(bond.name()) : n.master().isEmpty()).toList();
        return match.size() == 1 ? Optional.of(match.get(0)) : Optional.empty();
    }

    private static String found(BondFacts bond, String role, Optional<Integer> before, GuestLink now) {
        return bond.name() + "'s " + role + ": guest ifindex " + before.map(String::valueOf).orElse("(none)") + " -> " + now.ifindex()
                + " (" + now.name() + ")";
    }
}
