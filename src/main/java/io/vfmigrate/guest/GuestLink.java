package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import java.util.Optional;

/**
 * A network interface as the guest reports it. {@code permanentMac} is the MAC of the device itself
 * (a bond rewrites the current MAC of its slaves); {@code ifindex} tells apart interfaces with the same
 * MAC (the temporary port shares the VF's).
 */
public record GuestLink(int ifindex, GuestInterfaceName name, Mac mac, Mac permanentMac, Optional<GuestInterfaceName> master,
                        boolean isBond, boolean isUp, boolean permanentMacKnown) {
    public boolean isSlaveOf(GuestInterfaceName bond) {
        return master.map(bond::equals).orElse(false);
    }

    /** A NIC (not a bond) whose own MAC is {@code m}. */
    public boolean isNicWithMac(Mac m) {
        return !isBond && (permanentMac.equals(m) || master.isEmpty() && mac.equals(m));
    }

    public GuestLink withPermanentMac(Mac perm) {
        return new GuestLink(ifindex, name, mac, perm, master, isBond, isUp, true);
    }
}
