package io.vfmigrate.planning;

import io.vfmigrate.guest.BondState;
import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.VfSettings;
import java.util.List;
import java.util.Optional;

/**
 * The VM's VFs on the source, each with its guest link (found by MAC, among the links that can be bond
 * slaves) and bond; {@code upperDevices} are the other links carrying the VF's MAC (vlan, bridge, ipvlan
 * over the bond...), never taken for the VF, named in messages.
 */
public record VmTopology(DomainDescription domain, List<Member> vfs) {
    public record Member(AttachedVf vf, VfSettings settings, Optional<GuestLink> link, Optional<BondState> bond,
                         List<GuestLink> upperDevices) {}
}
