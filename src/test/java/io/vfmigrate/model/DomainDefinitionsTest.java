package io.vfmigrate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainDefinitionsTest {
    static final String DEFINITION = """
            <domain type='kvm'><name>db1</name><devices>
            <interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/><model type='virtio'/></interface>
            <interface type='hostdev' managed='yes'><mac address='52:54:00:00:00:02'/>
            <source><address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/></source>
            <vlan><tag id='190'/></vlan><alias name='ua-sriov0'/><rom bar='off'/>
            <address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/></interface>
            </devices></domain>""";

    @Test
    void aVfInterfaceBecomesTheDestinationDeviceKeepingWhatTheGuestSees() {
        DomainInterface vf = DomainDescription.parse(DEFINITION).interfaces().get(1);
        String moved = DomainDefinitions.retarget(DEFINITION, Map.of(vf, "<interface type='hostdev' managed='yes'>"
                + "<mac address='52:54:00:00:00:02'/><source><address type='pci' domain='0x0000' bus='0x5e' slot='0x10' function='0x3'/>"
                + "</source><vlan><tag id='190'/></vlan></interface>"));
        DomainDescription after = DomainDescription.parse(moved);
        assertEquals(2, after.interfaces().size());
        DomainInterface now = after.interfaces().get(1);
        assertEquals(java.util.Optional.of("0000:5e:10.3"), now.hostdevPciAddress(), now::toString);
        assertEquals(java.util.Optional.of("ua-sriov0"), now.alias());
        assertTrue(now.xml().contains("slot=\"0x07\""), "the guest's PCI address is kept: " + now.xml());
        assertTrue(now.xml().contains("<rom bar=\"off\"/>"), now.xml());
        assertTrue(!moved.contains("0x3b"), "the source VF is gone: " + moved);
        assertEquals(DomainDescription.parse(DEFINITION).interfaces().get(0).xml(), after.interfaces().get(0).xml(), "other NICs untouched");
    }

    @Test
    void anInterfaceTheDefinitionLacksIsRefused() {
        DomainInterface other = DomainDescription.parse(DEFINITION.replace("52:54:00:00:00:02", "52:54:00:00:00:09")).interfaces().get(1);
        assertThrows(IllegalArgumentException.class, () -> DomainDefinitions.retarget(DEFINITION, Map.of(other, "<interface type='hostdev'/>")));
    }
}
