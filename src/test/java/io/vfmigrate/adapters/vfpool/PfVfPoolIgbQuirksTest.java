package io.vfmigrate.adapters.vfpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.adapters.fakes.FakeHost;
import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the real igb driver and this machine's iproute2 printed and answered in the lab's PF host
 * (test-fixtures/lab, `lab pf-host`; LabPfPoolTest runs the pool there), fed to the pool's parsers and
 * checked against the fake host, so that the fake answers as the driver does. The outputs are in
 * src/test/resources/io/vfmigrate/adapters/vfpool/igb-*.txt, as captured.
 */
class PfVfPoolIgbQuirksTest {
    private static final String PF = "eth0";
    private final FakeHost host = new FakeHost("pf-host").withPf(PF, 4, -1);
    private final PfVfPool pool = new PfVfPool(host, new FakeHypervisor("pf-host"), "pf-host", "igbnet", PF);

    /** GNU ls -l of an igb PF's device directory: the virtfn links among driver, firmware_node and subsystem links. */
    @Test
    void readsTheVfsOfARealListingOfThePfsDeviceDirectory() {
        Map<Integer, PciAddress> links = PfVfPool.virtfnLinks(captured("igb-ls-l-device.txt"));
        assertEquals(Map.of(0, address("0000:01:10.0"), 1, address("0000:01:10.2"), 2, address("0000:01:10.4"), 3, address("0000:01:10.6")), links);
    }

    /** igb prints no "query_rss", a "qos" after the VLAN when one is set, and nothing for VLAN 0; a zero MAC as is. */
    @Test
    void readsEveryVfLineOfIgbsIpDetails() {
        String ip = captured("igb-ip-d-link-show.txt");
        assertEquals(new VfLinkSettings(Optional.of(100), Optional.of(true), Optional.of(false)), VfLinkSettings.parse(ip, 0), "vlan 100, qos 3");
        assertEquals(new VfLinkSettings(Optional.empty(), Optional.of(true), Optional.of(false)), VfLinkSettings.parse(ip, 1), "an unused VF");
        assertEquals(new VfLinkSettings(Optional.of(4094), Optional.of(false), Optional.of(true)), VfLinkSettings.parse(ip, 3));
        assertEquals(VfLinkSettings.UNKNOWN, VfLinkSettings.parse(ip, 4), "igb enabled 4 VFs");
    }

    /** igb takes VLAN 4095 (`ip link set PF vf 2 vlan 4095` exits 0) and prints it: read as printed, for preflight to refuse. */
    @Test
    void aVlan4095ThatIgbTookIsReadAsPrinted() {
        String line = "    vf 2     link/ether 00:00:00:00:00:00 brd ff:ff:ff:ff:ff:ff, vlan 4095, spoof checking on, link-state auto, trust off\n";
        assertEquals(Optional.of(4095), VfLinkSettings.parse(line, 2).vlan());
    }

    /** igb refuses a MAC that is no unicast address (multicast, broadcast) with EINVAL; the zero MAC is taken. */
    @Test
    void aMulticastMacIsRefusedAsIgbRefusesIt() {
        ExecResult refused = host.run(List.of("ip", "link", "set", "dev", PF, "vf", "2", "mac", "01:00:5e:00:00:01"), HostCommands.TIMEOUT);
        assertEquals(new ExecResult(2, "", "RTNETLINK answers: Invalid argument\n"), refused);
        assertEquals(0, host.run(List.of("ip", "link", "set", "dev", PF, "vf", "2", "mac", "00:00:00:00:00:00"), HostCommands.TIMEOUT).exitCode());
        FailureException e = assertThrows(FailureException.class,
                () -> pool.prepare(pool.free().get(2), VfSettings.of(Mac.parse("ff:ff:ff:ff:ff:ff"))));
        assertEquals("RTNETLINK answers: Invalid argument\n", ((Failure.HostCommandFailed) e.failure()).stderr());
    }

    /** iproute2 itself refuses a VLAN above 4095, before the driver sees it. */
    @Test
    void aVlanAbove4095IsRefusedByIproute2() {
        ExecResult refused = host.run(List.of("ip", "link", "set", "dev", PF, "vf", "2", "vlan", "4096"), HostCommands.TIMEOUT);
        assertEquals(new ExecResult(255, "", "Error: argument \"4096\" is wrong: Invalid \"vlan\" value\n"), refused);
        assertEquals(0, host.vf(2).vlan);
    }

    /** The zero MAC alone leaves the VLAN, spoof checking and trust (igb: "vf 1 ... 00:00:00:00:00:00 ..., vlan 100, spoof checking off, ..., trust on"). */
    @Test
    void aZeroMacAloneLeavesTheOtherSettings() {
        host.run(List.of("ip", "link", "set", "dev", PF, "vf", "1", "mac", "52:54:00:aa:bb:01", "vlan", "100", "spoofchk", "off", "trust", "on"), HostCommands.TIMEOUT);
        host.run(List.of("ip", "link", "set", "dev", PF, "vf", "1", "mac", "00:00:00:00:00:00"), HostCommands.TIMEOUT);
        assertEquals(List.of("00:00:00:00:00:00", 100, false, true), List.of(host.vf(1).mac, host.vf(1).vlan, host.vf(1).spoofchk, host.vf(1).trust));
    }

    private static PciAddress address(String text) { return PciAddress.parse(text).orElseThrow(); }

    private static String captured(String name) {
        try (InputStream in = PfVfPoolIgbQuirksTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("no test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
