package io.vfmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.model.TemporaryPortSpec;
import io.vfmigrate.model.VlanDevicePattern;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A macvtap temporary port's `vlan-dev`: how the host names a VLAN's device over `dev`; `{dev}.{vlan}` unless set (bad ones: BadConfigFilesTest). */
class VlanDevKeyTest {
    private static TemporaryPortSpec.Macvtap macvtap(String port) {
        Inventory inv = InventoryLoader.parse("inv.yaml", "hosts:\n  a:\n    libvirt-uri: test:///a\n    networks:\n      n:\n"
                + "        vf-pool: {type: pf, pf: enp129s0f0}\n        temporary-port: " + port + "\n");
        return (TemporaryPortSpec.Macvtap) inv.host("a").networks().get("n").temporaryPort(Optional.empty()).orElseThrow();
    }

    @Test
    void theDefaultIsTheUsual8021qDeviceOverDev() {
        TemporaryPortSpec.Macvtap port = macvtap("{type: macvtap, dev: enp129s0f0}");
        assertEquals(VlanDevicePattern.DEFAULT, port.vlanDev());
        assertEquals("enp129s0f0.100", port.lowerDevice(Optional.of(100)).value());
    }

    @Test
    void theKeyNamesAnotherDevice() {
        TemporaryPortSpec.Macvtap port = macvtap("{type: macvtap, dev: enp129s0f0, vlan-dev: 'vlan{vlan}'}");
        assertEquals("vlan100", port.lowerDevice(Optional.of(100)).value());
        assertEquals("enp129s0f0", port.lowerDevice(Optional.empty()).value(), "untagged: dev itself");
    }
}
