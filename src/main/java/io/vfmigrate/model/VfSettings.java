package io.vfmigrate.model;

import java.util.Objects;
import java.util.Optional;

/** What a VF carries over from source to destination: MAC, VLAN, spoof checking and trust. */
public record VfSettings(Mac mac, Optional<Integer> vlan, Optional<Boolean> spoofchk, Optional<Boolean> trust) {
    public VfSettings {
        Objects.requireNonNull(mac, "mac");
        vlan.ifPresent(v -> {
            if (v < 0 || v > 4095) throw new IllegalArgumentException("VLAN id out of range 0..4095: " + v);
        });
    }

    public static VfSettings of(Mac mac) {
        return new VfSettings(mac, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public VfSettings withHostFlags(Optional<Boolean> spoofchk, Optional<Boolean> trust) {
        return new VfSettings(mac, vlan, spoofchk, trust);
    }
}
