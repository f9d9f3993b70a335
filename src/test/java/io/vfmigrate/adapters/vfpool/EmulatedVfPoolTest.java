package io.vfmigrate.adapters.vfpool;

import static io.vfmigrate.adapters.fakes.DomainXml.bridgeNic;
import static io.vfmigrate.adapters.fakes.DomainXml.domain;
import static io.vfmigrate.adapters.fakes.DomainXml.macvtap;
import static io.vfmigrate.adapters.fakes.DomainXml.ovsPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.adapters.fakes.FakeHost;
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
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EmulatedVfPoolTest {
    private static final Mac MAC = Mac.parse("52:54:00:c0:00:11");
    private final FakeHost host = new FakeHost("host-a");
    private final EmulatedVfPool pool = new EmulatedVfPool(host, "host-a", "labnet", "br0", 4);

    @Test
    void everySlotWithoutItsTapDeviceIsFree() {
        assertEquals(List.of("evf0", "evf1", "evf2", "evf3"), pool.free().stream().map(Vf::id).toList());
        assertEquals(new Vf("host-a", "labnet", "evf2", "emulated:br0/evf2", OptionalInt.empty()), pool.free().get(2));
        assertEquals(List.of("ip", "-o", "link", "show"), host.commands().get(0));
    }

    @Test
    void aSlotWhoseTapDeviceExistsIsTaken() {
        host.run(List.of("ip", "tuntap", "add", "dev", "evf1", "mode", "tap"), Duration.ofSeconds(1));
        host.addLink("evf3").addLink("evf10").addLink("veth-evf0");
        assertEquals(List.of("evf0", "evf2"), pool.free().stream().map(Vf::id).toList());
    }

    @Test
    void attachedVfsAreSlotTapsOnThePoolBridgeOnly() {
        DomainDescription vm = DomainDescription.parse(domain("vm1",
                bridgeNic("52:54:00:c0:00:11", "br0", "evf0", "net0"),
                ovsPort("52:54:00:c0:00:11", "br0", "evf1", "ua-tmp-ovs"),
                bridgeNic("52:54:00:c0:00:12", "br1", "evf2", "net1"),
                bridgeNic("52:54:00:c0:00:13", "br0", "vnet0", "net2"),
                macvtap("52:54:00:c0:00:11", "br0", "ua-tmp-macvtap")));
        List<AttachedVf> attached = pool.attachedTo(vm);
        assertEquals(1, attached.size());
        assertEquals("evf0", attached.get(0).vf().id());
        assertEquals(Optional.of("net0"), attached.get(0).iface().alias());
        assertEquals(VfSettings.of(MAC), pool.settingsOf(attached.get(0)));
    }

    @Test
    void deviceXmlIsAVirtioNicOnTheBridgeNamedAfterTheSlotAndIgnoresVlanAndFlags() {
        Vf vf = pool.free().get(3);
        VfSettings settings = new VfSettings(MAC, Optional.of(190), Optional.of(false), Optional.of(true));
        assertEquals("<interface type='bridge'><mac address='52:54:00:c0:00:11'/><source bridge='br0'/><target dev='evf3'/>"
                + "<model type='virtio'/></interface>", pool.deviceXml(vf, settings));
        pool.prepare(vf, settings);
        assertEquals(1, host.commands().size(), "prepare runs nothing on the host");
    }

    @Test
    void refusesAVfOfAnotherPool() {
        Vf foreign = new Vf("host-a", "labnet", "enp1s0/vf0", "0000:81:10.0", OptionalInt.empty());
        assertThrows(IllegalArgumentException.class, () -> pool.deviceXml(foreign, VfSettings.of(MAC)));
        Vf otherHost = new Vf("host-b", "labnet", "evf0", "emulated:br0/evf0", OptionalInt.empty());
        assertThrows(IllegalArgumentException.class, () -> pool.deviceXml(otherHost, VfSettings.of(MAC)));
    }

    @Test
    void aFailingIpCommandIsAHostCommandFailure() {
        HostShell broken = new HostShell() {
            @Override public String host() { return "host-a"; }

            @Override public ExecResult run(List<String> argv, Duration timeout) { return new ExecResult(1, "", "Cannot open netlink socket"); }
        };
        FailureException e = assertThrows(FailureException.class, () -> new EmulatedVfPool(broken, "host-a", "labnet", "br0", 2).free());
        Failure.HostCommandFailed failure = assertInstanceOf(Failure.HostCommandFailed.class, e.failure());
        assertEquals("ip -o link show", failure.command());
    }

    @Test
    void readsDeviceNamesFromIpOutputDefensively() {
        String output = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\\    link/loopback 00:00:00:00:00:00\n"
                + "7: veth0@if6: <BROADCAST> mtu 1500\n"
                + "garbage line\n"
                + "12: evf0: <BROADCAST,MULTICAST> mtu 1500 master br0\n";
        assertEquals(java.util.Set.of("lo", "veth0", "evf0"), EmulatedVfPool.linkNames(output));
    }
}
