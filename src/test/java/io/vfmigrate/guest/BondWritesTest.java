package io.vfmigrate.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.model.GuestInterfaceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bond changes as sysfs writes in an order that never drops what arrives on the slave being left, or one command. */
class BondWritesTest {
    private static final String DIR = "/sys/class/net/bond0/bonding/";
    private final GuestInterfaceName bond0 = new GuestInterfaceName("bond0");
    private final GuestInterfaceName eth1 = new GuestInterfaceName("eth1");
    private final List<String> done = new ArrayList<>();

    private void apply(BondWrites w, boolean agentWrites) {
        w.apply((path, value) -> agentWrites && done.add(path + " " + value), argv -> done.add(String.join(" ", argv)));
    }

    @Test
    void toATemporaryPortAllSlavesActiveComesFirst() {
        apply(BondWrites.switchActive(bond0, eth1, true, Optional.of(true)), true);
        assertEquals(List.of(DIR + "all_slaves_active 1", DIR + "primary eth1", DIR + "active_slave eth1"), done);
    }

    @Test
    void backToTheVfAllSlavesActiveComesLast() {
        apply(BondWrites.switchActive(bond0, eth1, false, Optional.of(false)), true);
        assertEquals(List.of(DIR + "active_slave eth1", DIR + "all_slaves_active 0"), done);
    }

    @Test
    void anEnslaveAddsToTheSlaves() {
        apply(BondWrites.enslave(bond0, eth1), true);
        assertEquals(List.of(DIR + "slaves +eth1"), done);
    }

    @Test
    void withoutAgentWritesItIsTheOneIproute2Command() {
        apply(BondWrites.switchActive(bond0, eth1, true, Optional.of(true)), false);
        assertEquals(List.of("ip link set dev bond0 type bond active_slave eth1 primary eth1 all_slaves_active 1"), done);
    }
}
