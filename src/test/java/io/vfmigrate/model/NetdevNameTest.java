package io.vfmigrate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.vfpool.EmulatedVfPool;
import io.vfmigrate.adapters.vfpool.PfVfPool;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every host-side device name is checked where a command uses it: pools, temporary ports, guest names. */
class NetdevNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "-x", "--help", ".", "..", "a b", "a;reboot", "$(reboot)", "a/b", "sixteen-chars-xx", "br\u001b[0m", "eth0\n"})
    void badNamesAreRefusedEverywhereTheyAreUsed(String bad) {
        assertFalse(NetdevName.isValid(bad));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetdevName.of(bad, "PF of host-a/physnet0"));
        assertTrue(e.getMessage().startsWith("PF of host-a/physnet0: not a network device name"), e.getMessage());
        assertFalse(e.getMessage().contains("\u001b") || e.getMessage().contains("\n"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PfVfPool(null, null, "host-a", "physnet0", bad));
        assertThrows(IllegalArgumentException.class, () -> new EmulatedVfPool(null, null, "host-a", "physnet0", bad, "/run/openvswitch", "evf", 4));
        assertThrows(IllegalArgumentException.class, () -> new TemporaryPortSpec.Macvtap(bad, "bridge"));
        assertThrows(IllegalArgumentException.class, () -> new TemporaryPortSpec.Ovs(bad));
        if (!bad.equals("..") && !bad.equals(".")) return;
        assertFalse(GuestInterfaceName.isValid(bad), "a guest name is put in sysfs paths too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"enp129s0f0", "br-int", "bond0.100", "veth0@if6", "eth0:1", "a", "fifteen-chars-x"})
    void goodNamesPass(String good) {
        assertEquals(good, NetdevName.of(good, "x").value());
        assertEquals(List.of("ip", "link", "show", "dev", good), new TemporaryPortSpec.Macvtap(good, "bridge").probeCommand());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bridge'/><foo", "x y", ""})
    void aMacvtapModeOutsideTheFourIsRefused(String mode) {
        assertThrows(IllegalArgumentException.class, () -> new TemporaryPortSpec.Macvtap("eth0", mode));
    }
}
