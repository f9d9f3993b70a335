package io.vfmigrate.adapters.vfpool;

import static io.vfmigrate.adapters.fakes.DomainXml.bridgeNic;
import static io.vfmigrate.adapters.fakes.DomainXml.domain;
import static io.vfmigrate.adapters.fakes.DomainXml.ethernetNic;
import static io.vfmigrate.adapters.fakes.DomainXml.macvtap;
import static io.vfmigrate.adapters.fakes.DomainXml.ovsPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.fakes.FakeEswitch;
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
    private static final String RUN = "/run/vfm-eswitch";
    private final FakeEswitch host = new FakeEswitch("host-a").port("esw0-up").port("evf0").port("evf1").port("evf2").port("evf3");
    private final FakeHypervisor hypervisor = new FakeHypervisor("host-a");
    private final EmulatedVfPool pool = new EmulatedVfPool(host, hypervisor, "host-a", "labnet", "esw0", RUN, "evf", 4);

    @Test
    void everySlotPortOfTheSwitchThatNoRunningDomainUsesIsFree() {
        assertEquals(List.of("evf0", "evf1", "evf2", "evf3"), pool.free().stream().map(Vf::id).toList());
        assertEquals(new Vf("host-a", "labnet", "evf2", "emulated:esw0/evf2", OptionalInt.empty()), pool.free().get(2));
        assertEquals(List.of("ovs-vsctl", "--db=unix:" + RUN + "/db.sock", "--timeout=10", "list-ports", "esw0"), host.commands().get(0));
    }

    @Test
    void aSlotUsedByARunningDomainOrNotAPortOfTheSwitchIsNotFree() {
        hypervisor.run("vm1", domain("vm1", ethernetNic("52:54:00:c0:00:11", "evf1", "net0")));
        host.removePort("evf2");
        EmulatedVfPool pool = new EmulatedVfPool(host, hypervisor, "host-a", "labnet", "esw0", RUN, "evf", 3);
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
        assertEquals(new VfSettings(MAC, Optional.empty(), Optional.of(false), Optional.empty()), pool.settingsOf(attached.get(0)));
    }

    @Test
    void aSlotNamedByAShutOffDomainsDefinitionIsNotFree() {
        hypervisor.shutOff.put("vm2", domain("vm2", ethernetNic("52:54:00:c0:00:12", "evf2", "net0")));
        hypervisor.run("vm1", domain("vm1", ethernetNic("52:54:00:c0:00:11", "evf0", "net0")));
        assertEquals(List.of("evf1", "evf3"), pool.free().stream().map(Vf::id).toList());
    }

    @Test
    void deviceXmlIsAVirtioNicOnTheSlotsTap() {
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
        assertEquals(Map.of("0 " + MAC.value(), "evf1"), host.fdb());
        assertEquals(1, host.purges(), "the switch's cached flows are purged: the new entry steers at once");
        pool.prepare(evf2, VfSettings.of(MAC));
        assertEquals(Map.of("0 " + MAC.value(), "evf2"), host.fdb(), "a MAC is steered to one port: the one programmed last");
        pool.clearMac(evf1, VfSettings.of(MAC));
        assertEquals(Map.of("0 " + MAC.value(), "evf2"), host.fdb(), "clearing another slot leaves the entry alone");
        pool.clearMac(evf2, VfSettings.of(MAC));
        assertEquals(Map.of(), host.fdb());
        pool.clearMac(evf2, VfSettings.of(MAC));
        assertEquals(Map.of(), host.fdb(), "clearing twice is harmless");
    }

    /**
     * A NIC programs a VF with one command (`ip link set PF vf K mac M vlan V spoofchk on`): the emulated switch in one
     * call too, so that a host reached over ssh costs the lab what it costs a fleet (a round trip per call, each
     * widening the window in which the guest's frames go to a VF no driver reads yet).
     */
    @Test
    void programmingIsOneCallReadingTheSettingsOneAndClearingTwo() {
        Vf evf1 = pool.free().get(1);
        int before = host.calls();
        pool.prepare(evf1, new VfSettings(MAC, Optional.of(100), Optional.of(true), Optional.empty()));
        assertEquals(before + 1, host.calls(), host.commands()::toString);
        assertEquals(Map.of("100 " + MAC.value(), "evf1"), host.fdb());
        assertEquals(Map.of("evf1", 100), host.tags());
        assertEquals(2, host.flows().size(), host.flows()::toString);
        assertEquals(1, host.purges());

        AttachedVf attached = pool.attachedTo(DomainDescription.parse(domain("vm1", ethernetNic(MAC.value(), "evf1", "net0")))).get(0);
        before = host.calls();
        assertEquals(new VfSettings(MAC, Optional.of(100), Optional.of(true), Optional.empty()), pool.settingsOf(attached));
        assertEquals(before + 1, host.calls());

        before = host.calls();
        pool.clearMac(evf1, VfSettings.of(MAC));
        assertEquals(before + 2, host.calls());
        assertEquals(Map.of(), host.fdb());
        assertEquals(2, host.purges());
        before = host.calls();
        pool.clearMac(evf1, VfSettings.of(MAC));
        assertEquals(before + 1, host.calls(), "nothing steered to the port: only the read");
    }

    @Test
    void aVfsVlanIsItsPortsAccessTagProgrammedReadBackAndCleared() {
        Vf evf1 = pool.free().get(1);
        VfSettings onVlan = new VfSettings(MAC, Optional.of(100), Optional.of(false), Optional.empty());
        pool.prepare(evf1, onVlan);
        assertEquals(Map.of("evf1", 100), host.tags());
        assertEquals(Map.of("100 " + MAC.value(), "evf1"), host.fdb(), "the MAC is steered to the VF on its VLAN");
        AttachedVf attached = pool.attachedTo(DomainDescription.parse(domain("vm1", ethernetNic(MAC.value(), "evf1", "net0")))).get(0);
        assertEquals(onVlan, pool.settingsOf(attached));
        pool.clearMac(evf1, onVlan);
        assertEquals(Map.of(), host.fdb());
        assertEquals(Map.of("evf1", 100), host.tags(), "clearing the MAC keeps the VLAN, as on a NIC");
        pool.prepare(evf1, VfSettings.of(MAC));
        assertEquals(Map.of(), host.tags(), "a VF programmed without VLAN is untagged again");
    }

    @Test
    void spoofCheckingDropsOtherSourcesOnTheVfsPortAndIsReadBack() {
        Vf evf2 = pool.free().get(2);
        pool.prepare(evf2, new VfSettings(MAC, Optional.empty(), Optional.of(true), Optional.empty()));
        assertEquals(2, host.flows().size(), host.flows()::toString);
        assertTrue(host.flows().get(0).contains("in_port=evf2,priority=200,dl_src=" + MAC.value() + ",actions=NORMAL"), host.flows()::toString);
        assertTrue(host.flows().get(1).contains("in_port=evf2,priority=190,actions=drop"), host.flows()::toString);
        AttachedVf attached = pool.attachedTo(DomainDescription.parse(domain("vm1", ethernetNic(MAC.value(), "evf2", "net0")))).get(0);
        assertEquals(Optional.of(true), pool.settingsOf(attached).spoofchk());
        pool.prepare(evf2, new VfSettings(MAC, Optional.empty(), Optional.of(false), Optional.empty()));
        assertEquals(List.of(), host.flows(), "spoof checking off removes both rules");
        assertEquals(Optional.of(false), pool.settingsOf(attached).spoofchk());
    }

    @Test
    void aSecondPfsVfsAreTheTapsOfItsPrefix() {
        FakeEswitch pf1 = new FakeEswitch("host-a").port("esw1-up").port("e1vf0").port("e1vf1");
        EmulatedVfPool second = new EmulatedVfPool(pf1, hypervisor, "host-a", "labnet-pf1", "esw1", RUN, "e1vf", 2);
        assertEquals(List.of("e1vf0", "e1vf1"), second.free().stream().map(Vf::id).toList());
        DomainDescription vm = DomainDescription.parse(domain("vm1", ethernetNic(MAC.value(), "evf0", "net0"), ethernetNic(MAC.value(), "e1vf1", "net1")));
        assertEquals(List.of("e1vf1"), second.attachedTo(vm).stream().map(a -> a.vf().id()).toList());
        assertEquals(List.of("evf0"), pool.attachedTo(vm).stream().map(a -> a.vf().id()).toList());
        assertThrows(IllegalArgumentException.class, () -> new EmulatedVfPool(pf1, hypervisor, "host-a", "n", "esw1", RUN, "E1;vf", 2));
    }

    @Test
    void refusesAVfOfAnotherPool() {
        Vf foreign = new Vf("host-a", "labnet", "enp1s0/vf0", "0000:81:10.0", OptionalInt.empty());
        assertThrows(IllegalArgumentException.class, () -> pool.deviceXml(foreign, VfSettings.of(MAC)));
        Vf otherHost = new Vf("host-b", "labnet", "evf0", "emulated:esw0/evf0", OptionalInt.empty());
        assertThrows(IllegalArgumentException.class, () -> pool.prepare(otherHost, VfSettings.of(MAC)));
    }

    @Test
    void aFailingHostCommandIsAHostCommandFailure() {
        HostShell broken = new HostShell() {
            @Override public String host() { return "host-a"; }

            @Override public ExecResult run(List<String> argv, Duration timeout) { return new ExecResult(1, "", "database connection failed"); }
        };
        EmulatedVfPool pool = new EmulatedVfPool(broken, hypervisor, "host-a", "labnet", "esw0", RUN, "evf", 2);
        FailureException e = assertThrows(FailureException.class, pool::free);
        assertEquals("ovs-vsctl --db=unix:" + RUN + "/db.sock --timeout=10 list-ports esw0",
                assertInstanceOf(Failure.HostCommandFailed.class, e.failure()).command());
        Vf evf0 = new Vf("host-a", "labnet", "evf0", "emulated:esw0/evf0", OptionalInt.empty());
        e = assertThrows(FailureException.class, () -> pool.prepare(evf0, VfSettings.of(MAC)));
        assertEquals("ovs-vsctl --db=unix:" + RUN + "/db.sock --timeout=10 clear port evf0 tag"
                        + " && ovs-appctl --target=" + RUN + "/ovs-vswitchd.ctl fdb/add esw0 evf0 0 " + MAC.value()
                        + " && ovs-appctl --target=" + RUN + "/ovs-vswitchd.ctl revalidator/purge",
                assertInstanceOf(Failure.HostCommandFailed.class, e.failure()).command(), "the sequence is named (one call, as on a NIC)");
        assertEquals("database connection failed", ((Failure.HostCommandFailed) e.failure()).stderr());
    }
}
