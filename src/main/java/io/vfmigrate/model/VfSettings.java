package io.vfmigrate.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What a VF carries over from source to destination: MAC, VLAN, spoof checking and trust. The VLAN is
 * kept as its pool read it, whatever the number: preflight refuses one that is no VLAN id
 * ({@link #isVlanId}) naming the host, network and value, before anything is programmed with it.
 */
public record VfSettings(Mac mac, Optional<Integer> vlan, Optional<Boolean> spoofchk, Optional<Boolean> trust) {
    /** The VLAN ids an 802.1Q tag may carry: 0 means no VLAN and 4095 is reserved. */
    public static final int MIN_VLAN = 1;
    public static final int MAX_VLAN = 4094;

    public VfSettings {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(vlan, "vlan");
    }

    public static VfSettings of(Mac mac) {
        return new VfSettings(mac, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static boolean isVlanId(int vlan) { return vlan >= MIN_VLAN && vlan <= MAX_VLAN; }

    /** Throws unless {@code vlan} is a VLAN id: for what puts a VLAN into a host command or device XML. */
    public static int requireVlanId(int vlan, String what) {
        if (!isVlanId(vlan)) throw new IllegalArgumentException(what + ": VLAN " + vlan + " is not a VLAN id (" + MIN_VLAN + ".." + MAX_VLAN + ")");
        return vlan;
    }

    public VfSettings withHostFlags(Optional<Boolean> spoofchk, Optional<Boolean> trust) {
        return new VfSettings(mac, vlan, spoofchk, trust);
    }
}
