package io.vfmigrate.adapters.vfpool;

import static io.vfmigrate.adapters.fakes.DomainXml.bridgeNic;
import static io.vfmigrate.adapters.fakes.DomainXml.domain;
import static io.vfmigrate.adapters.fakes.DomainXml.ethernetNic;
import static io.vfmigrate.adapters.fakes.DomainXml.macvtap;
import static io.vfmigrate.adapters.fakes.DomainXml.ovsPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.adapters.fakes.FakeHost;
import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.HostShell;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EmulatedVfPoolTest {
    private static final Mac MAC = Mac.parse("52:54:00:c0:00:11");
    private final FakeHost host = new FakeHost("host-a").addBridgePort("evf0").addBridgePort("evf1").addBridgePort("evf2").addBridgePort("evf3");
    private final FakeHypervisor hypervisor = new FakeHypervisor("host-a");
    private final EmulatedVfPool pool = new EmulatedVfPool(host, hypervisor, "host-a", "labnet", "br0", 4);

    @Test
    void everySlotTapOnTheBridgeThatNoRunningDomainUsesIsFree() {
        assertEquals(List.of("evf0", "evf1", "evf2", "evf3"), pool.free().stream().map(Vf::id).toList());
        assertEquals(new Vf("host-a", "labnet", "evf2", "emulated:br0/evf2", OptionalInt.empty()), pool.free().get(2));
        assertEquals(List.of("ip", "-o", "link", "show", "master", "br0"), host.commands().get(0));
    }

    @Test
    void aSlotUsedByARunningDomainOrWithoutItsTapIsNotFree() {
        hypervisor.run("vm1", domain("vm1", ethernetNic("52:54:00:c0:00:11", "evf1", "net0")));
        FakeHost fewer = new FakeHost("host-a").addBridgePort("evf0").addBridgePort("evf1").addLink("evf3");
        EmulatedVfPool pool = new EmulatedVfPool(fewer, hypervisor, "host-a", "labnet", "br0", 4);
        assertEquals(List.of("evf0"), pool.free().stream().map(Vf::id).toList());
    }

    @Test
    void attachedVfsAreTheSlotTapsAttachedAsEthernetInterfaces() {
        DomainDescription vm = DomainDescription.parse(domain("vm1",
                ethernetNic("52:54:00:c0:00:11", "evf0", "net0"),
                ovsPort("52:54:00:c0:00:11", "br0", "evf1", "ua-tmp-ovs"),
                bridgeNic("52:54:00:c0:00:12", "br0", "evf2", "net1"),
                ethernetNic("52:54:00:c0:00:13", "vnet0", "net2"),
                macvtap("52:54:00:c0:00:11", "br0", "ua-tmp-macvtap")));
        List<AttachedVf> attached = pool.attachedTo(vm);
        assertEquals(1, attached.size());
        assertEquals("evf0", attached.get(0).vf().id());
        assertEquals(Optional.of("net0"), attached.get(0).iface().alias());
        assertEquals(VfSettings.of(MAC), pool.settingsOf(attached.get(0)));
    }

    @Test
    void deviceXmlIsAVirtioNicOnTheSlotsTapAndIgnoresVlanAndFlags() {
        Vf vf = pool.free().get(3);
        VfSettings settings = new VfSettings(MAC, Optional.of(190), Optional.of(false), Optional.of(true));
        assertEquals("<interface type='ethernet'><mac address='52:54:00:c0:00:11'/><target dev='evf3' managed='no'/>"
                + "<model type='virtio'/></interface>", pool.deviceXml(vf, settings));
    }

    @Test
    void programmingTheMacSteersItToTheSlotAndClearingItStops() {
        Vf evf1 = pool.free().get(1);
        Vf evf2 = pool.free().get(2);
        pool.prepare(evf1, VfSettings.of(MAC));
        assertEquals(Map.of(MAC.value(), "evf1"), host.fdb());
        assertEquals(List.of("bridge", "fdb", "replace", MAC.value(), "dev", "evf1", "master", "static", "sticky"), last());
        pool.prepare(evf2, VfSettings.of(MAC));
        assertEquals(Map.of(MAC.value(), "evf2"), host.fdb(), "a MAC is steered to one port: the one programmed last");
        pool.clearMac(evf1, VfSettings.of(MAC));
        assertEquals(Map.of(MAC.value(), "evf2"), host.fdb(), "clearing another slot leaves the entry alone");
        pool.clearMac(evf2, VfSettings.of(MAC));
        assertEquals(Map.of(), host.fdb());
        assertEquals(List.of("bridge", "fdb", "del", MAC.value(), "dev", "evf2", "master"), last());
        pool.clearMac(evf2, VfSettings.of(MAC));
        assertEquals(Map.of(), host.fdb(), "clearing twice is harmless");
    }

    @Test
    void refusesAVfOfAnotherPool() {
        Vf foreign = new Vf("host-a", "labnet", "enp1s0/vf0", "0000:81:10.0", OptionalInt.empty());
        assertThrows(IllegalArgumentException.class, () -> pool.deviceXml(foreign, VfSettings.of(MAC)));
        Vf otherHost = new Vf("host-b", "labnet", "evf0", "emulated:br0/evf0", OptionalInt.empty());
        assertThrows(IllegalArgumentException.class, () -> pool.prepare(otherHost, VfSettings.of(MAC)));
    }

    @Test
    void aFailingHostCommandIsAHostCommandFailure() {
        HostShell broken = new HostShell() {
            @Override public String host() { return "host-a"; }

            @Override public ExecResult run(List<String> argv, Duration timeout) { return new ExecResult(1, "", "Cannot open netlink socket"); }
        };
        EmulatedVfPool pool = new EmulatedVfPool(broken, hypervisor, "host-a", "labnet", "br0", 2);
        FailureException e = assertThrows(FailureException.class, pool::free);
        assertEquals("ip -o link show master br0", assertInstanceOf(Failure.HostCommandFailed.class, e.failure()).command());
        Vf evf0 = new Vf("host-a", "labnet", "evf0", "emulated:br0/evf0", OptionalInt.empty());
        e = assertThrows(FailureException.class, () -> pool.clearMac(evf0, VfSettings.of(MAC)));
        assertEquals("bridge fdb del 52:54:00:c0:00:11 dev evf0 master", assertInstanceOf(Failure.HostCommandFailed.class, e.failure()).command());
    }

    @Test
    void readsDeviceNamesFromIpOutputDefensively() {
        String output = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\\    link/loopback 00:00:00:00:00:00\n"
                + "7: veth0@if6: <BROADCAST> mtu 1500\n"
                + "garbage line\n"
                + "12: evf0: <BROADCAST,MULTICAST> mtu 1500 master br0\n";
        assertEquals(java.util.Set.of("lo", "veth0", "evf0"), EmulatedVfPool.linkNames(output));
    }

    private List<String> last() {
        List<List<String>> c = host.commands();
        return c.get(c.size() - 1);
    }
}
