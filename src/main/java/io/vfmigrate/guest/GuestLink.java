package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import java.util.Optional;

/**
 * A network interface as the guest reports it. {@code permanentMac} is the MAC of the device itself
 * (a bond rewrites the current MAC of its slaves); {@code ifindex} tells apart interfaces with the same
 * MAC (the temporary port shares the VF's). {@code kind} is the link kind iproute2 reports (vlan,
 * bridge, ipvlan, macvlan, bond...; empty for a plain NIC); {@code hasDevice} whether a device is behind
 * the link (/sys/class/net/DEV/device), empty while unknown. Only a NIC with a device behind it and no
 * kind can be a bond slave: upper devices over the bond (bond0.100, a bridge, an ipvlan) carry the
 * bond's MAC too and must never be taken for the VF or the temporary port.
 */
public record GuestLink(int ifindex, GuestInterfaceName name, Mac mac, Mac permanentMac, Optional<GuestInterfaceName> master,
                        boolean isBond, boolean isUp, boolean permanentMacKnown, Optional<String> kind, Optional<Boolean> hasDevice) {
    public boolean isSlaveOf(GuestInterfaceName bond) {
        return master.map(bond::equals).orElse(false);
    }

    /** A NIC that can be enslaved in a bond: a device behind it, no link kind (not a vlan, bridge, ipvlan, macvlan, bond...). */
    public boolean canBeBondSlave() {
        return !isBond && kind.isEmpty() && hasDevice.orElse(false);
    }

    /** A NIC that can be a bond slave, whose own MAC is {@code m}. */
    public boolean isNicWithMac(Mac m) {
        return canBeBondSlave() && (permanentMac.equals(m) || master.isEmpty() && mac.equals(m));
    }

    /** Carries {@code m} but cannot be a bond slave: an upper device, for messages. */
    public boolean isUpperDeviceWithMac(Mac m) {
        return !canBeBondSlave() && (mac.equals(m) || permanentMac.equals(m));
    }

    /** How the link is described in messages: its name and, for an upper device, its kind. */
    public String describe() {
        return name.value() + kind.map(k -> " (" + k + ")").orElse(isBond ? " (bond)" : hasDevice.orElse(true) ? "" : " (no device behind it)");
    }

    public GuestLink withPermanentMac(Mac perm) {
        return new GuestLink(ifindex, name, mac, perm, master, isBond, isUp, true, kind, hasDevice);
    }

    public GuestLink withDevice(boolean device) {
        return new GuestLink(ifindex, name, mac, permanentMac, master, isBond, isUp, permanentMacKnown, kind, Optional.of(device));
    }
}
