package io.vfmigrate.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BondFactsVlanTest {
    private static final Mac MAC = Mac.parse("52:54:00:c0:00:11");

    private static Facts facts(Optional<Integer> bondVlan) {
        Facts f = new Facts();
        VfFacts.record(f, 0, new Vf("host-a", "net", "evf0", "emulated:esw0/evf0", OptionalInt.empty()),
                new VfSettings(MAC, Optional.of(100), Optional.empty(), Optional.empty()), Optional.of("bond0"), Optional.of(3));
        BondFacts.record(f, 0, new GuestInterfaceName("bond0"), "net", MAC, List.of(0), 0, Optional.empty(), false, bondVlan);
        return f;
    }

    @Test
    void theBondsVlanIsTheOneJournaledWithIt() {
        assertEquals(Optional.of(100), new BondFacts(facts(Optional.of(100)), 0).vlan());
        assertEquals(Optional.empty(), new BondFacts(facts(Optional.empty()), 0).vlan(), "journaled as none: untagged");
    }

    /** A run journaled before the bond's VLAN was: its resume attaches the port on the active VF's VLAN, not untagged. */
    @Test
    void aRunJournaledWithoutTheBondsVlanTakesItsActiveVfs() {
        java.util.Map<String, String> journaled = new java.util.HashMap<>(facts(Optional.empty()).snapshot());
        journaled.remove("bond.0.vlan");
        assertEquals(Optional.of(100), new BondFacts(new Facts(journaled), 0).vlan());
    }
}
