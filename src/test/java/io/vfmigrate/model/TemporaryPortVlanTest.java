package io.vfmigrate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The temporary port's device XML with and without the VF's VLAN, and the macvtap's VLAN device pattern. */
class TemporaryPortVlanTest {
    private static final Mac MAC = Mac.parse("52:54:00:c0:00:11");
    private static final TemporaryPortSpec.Macvtap MACVTAP = new TemporaryPortSpec.Macvtap("enp129s0f0", "bridge");
    private static final TemporaryPortSpec.Ovs OVS = new TemporaryPortSpec.Ovs("br-int");

    @Test
    void untaggedPortsAreTheXmlOfOld() {
        assertEquals("<interface type='ethernet'><mac address='52:54:00:c0:00:11'/><target dev='vft525400c00011' managed='no'/>"
                + "<model type='virtio'/><alias name='ua-vfm-tmp0'/></interface>", MACVTAP.deviceXml(MAC, "ua-vfm-tmp0", Optional.empty()));
        assertEquals(List.of(
                List.of("ip", "link", "add", "link", "enp129s0f0", "name", "vft525400c00011", "address", "52:54:00:c0:00:11", "type", "macvtap",
                        "mode", "bridge"),
                List.of("sysctl", "-q", "-e", "-w", "net.ipv6.conf.vft525400c00011.disable_ipv6=1"),
                List.of("ip", "link", "set", "dev", "vft525400c00011", "up")), MACVTAP.createCommands(MAC, Optional.empty()));
        assertEquals(List.of("ip", "link", "del", "dev", "vft525400c00011"), TemporaryPortSpec.Macvtap.deleteCommand(MAC));
        assertEquals("<interface type='bridge'><mac address='52:54:00:c0:00:11'/><source bridge='br-int'/>"
                + "<virtualport type='openvswitch'/><model type='virtio'/><alias name='ua-vfm-tmp0'/></interface>",
                OVS.deviceXml(MAC, "ua-vfm-tmp0", Optional.empty()));
        assertEquals(MACVTAP.deviceXml(MAC, "ua-vfm-tmp0"), MACVTAP.deviceXml(MAC, "ua-vfm-tmp0", Optional.empty()));
        assertEquals(List.of("ip", "link", "show", "dev", "enp129s0f0"), MACVTAP.probeCommand(Optional.empty()));
        assertEquals("macvtap on enp129s0f0 (bridge mode)", MACVTAP.toString());
    }

    @Test
    void anOvsPortOnAVlanHasItAsItsTag() {
        String xml = OVS.deviceXml(MAC, "ua-vfm-tmp0", Optional.of(100));
        assertTrue(xml.contains("<source bridge='br-int'/><vlan><tag id='100'/></vlan><virtualport type='openvswitch'/>"), xml);
        DomainInterface parsed = DomainDescription.parse("<domain><name>vm1</name><devices>" + xml + "</devices></domain>").interfaces().get(0);
        assertEquals(Optional.of(100), parsed.vlan(), "libvirt reads the tag back");
        assertEquals(List.of("ovs-vsctl", "br-exists", "br-int"), OVS.probeCommand(Optional.of(100)));
        assertEquals("Open vSwitch bridge br-int (tag 100)", OVS.describe(Optional.of(100)));
    }

    @Test
    void aMacvtapOnAVlanSitsOnTheVlansDevice() {
        String xml = MACVTAP.deviceXml(MAC, "ua-vfm-tmp0", Optional.of(100));
        assertTrue(MACVTAP.createCommands(MAC, Optional.of(100)).get(0).containsAll(List.of("link", "enp129s0f0.100")));
        assertFalse(xml.contains("<vlan>"), "the VLAN device tags, not libvirt: " + xml);
        assertEquals(List.of("ip", "link", "show", "dev", "enp129s0f0.100"), MACVTAP.probeCommand(Optional.of(100)));
        var named = new TemporaryPortSpec.Macvtap("enp129s0f0", "passthrough", new VlanDevicePattern("vlan{vlan}"));
        assertEquals(List.of("ip", "link", "add", "link", "vlan4094", "name", "vft525400c00011", "address", "52:54:00:c0:00:11", "type", "macvtap",
                "mode", "passthru"), named.createCommands(MAC, Optional.of(4094)).get(0), "ip spells libvirt's passthrough passthru");
        assertEquals("macvtap on vlan4094 (passthrough mode)", named.describe(Optional.of(4094)));
    }

    @Test
    void aPatternThatGivesNoDeviceNameIsRefusedNamingPatternVlanAndName() {
        var longPf = new TemporaryPortSpec.Macvtap("enp129s0f0np0", "bridge");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> longPf.deviceXml(MAC, "ua-x", Optional.of(100)));
        assertTrue(e.getMessage().contains("'{dev}.{vlan}' gives 'enp129s0f0np0.100' for VLAN 100") && e.getMessage().contains("1 to 15"),
                e.getMessage());
        assertEquals("enp129s0f0np0.9", longPf.lowerDevice(Optional.of(9)).value(), "a shorter VLAN fits");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4095, -1, 70000})
    void aVlanThatIsNoVlanIdIsNeverPutInAPort(int vlan) {
        assertThrows(IllegalArgumentException.class, () -> OVS.deviceXml(MAC, "ua-x", Optional.of(vlan)));
        assertThrows(IllegalArgumentException.class, () -> MACVTAP.deviceXml(MAC, "ua-x", Optional.of(vlan)));
    }

    @Test
    void theSameDeviceIsTheSameXmlOnThatVlan() {
        var otherPattern = new TemporaryPortSpec.Macvtap("enp129s0f0", "bridge", new VlanDevicePattern("enp129s0f0.{vlan}"));
        assertTrue(MACVTAP.sameDevice(otherPattern, Optional.of(100)), "both name enp129s0f0.100");
        var otherPf = new TemporaryPortSpec.Macvtap("enp130s0f0", "vepa");
        assertTrue(MACVTAP.sameDevice(otherPf, Optional.of(100)), "the port names vfmigrate's macvtap, which each host makes on its own device");
        assertFalse(MACVTAP.sameDevice(OVS, Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty",
            "{dev}|no {vlan}",
            "{pf}.{vlan}|{pf} is not a placeholder",
            "{dev}.{vlan|characters of a device name",
            "{dev}/{vlan}|characters of a device name",
            "{dev} {vlan}|characters of a device name",
            "-{vlan}|starts with '-'"})
    void badPatternsAreRefusedSayingWhy(String pattern, String why) {
        Optional<String> problem = VlanDevicePattern.whyNot(pattern);
        assertTrue(problem.isPresent() && problem.get().contains(why), () -> pattern + ": " + problem);
        assertThrows(IllegalArgumentException.class, () -> new VlanDevicePattern(pattern));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{dev}.{vlan}", "vlan{vlan}", "{dev}v{vlan}", "{vlan}", "bond0:{vlan}@{dev}"})
    void goodPatternsPass(String pattern) {
        assertEquals(Optional.empty(), VlanDevicePattern.whyNot(pattern));
    }
}
