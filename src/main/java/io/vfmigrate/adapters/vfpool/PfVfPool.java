package io.vfmigrate.adapters.vfpool;

import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.NetdevName;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.HostShell;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.ports.VfPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VFs of one PF, read from sysfs ({@code virtfnN} links, {@code numa_node}); a VF is free while no
 * domain defined on the host has its PCI address as a hostdev: not in a running one's live XML, nor in a shut-off
 * one's persistent XML (which takes it when it starts); what is programmed on the VF through the PF (a MAC left by
 * a run killed before its attach) holds nothing. MAC and VLAN go in the device XML (libvirt sets
 * them through the PF); spoof checking and trust are set with {@code ip link set PF vf N} beforehand.
 */
public final class PfVfPool implements VfPool {
    private static final Pattern VIRTFN = Pattern.compile("\\bvirtfn(\\d{1,4}) -> \\S*?([0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7])\\s*$");

    static final String ZERO_MAC = "00:00:00:00:00:00";

    private final HostShell shell;
    private final Hypervisor hypervisor;
    private final String host;
    private final String network;
    private final String pf;

    public PfVfPool(HostShell shell, Hypervisor hypervisor, String host, String network, String pf) {
        NetdevName.of(pf, "PF of " + host + "/" + network);
        this.shell = shell;
        this.hypervisor = hypervisor;
        this.host = host;
        this.network = network;
        this.pf = pf;
    }

    @Override public String host() { return host; }

    @Override public String network() { return network; }

    @Override public String describe() { return "pf " + pf; }

    @Override
    public List<Vf> free() {
        Set<PciAddress> used = PciAddress.inUse(hypervisor.vfHoldingDomainXmls());
        return vfs().values().stream().filter(vf -> !used.contains(PciAddress.parse(vf.address()).orElseThrow())).toList();
    }

    @Override
    public List<AttachedVf> attachedTo(DomainDescription domain) {
        Map<String, Vf> byAddress = new TreeMap<>();
        vfs().values().forEach(vf -> byAddress.put(vf.address(), vf));
        List<AttachedVf> attached = new ArrayList<>();
        for (DomainInterface iface : domain.interfaces()) {
            if (!"hostdev".equals(iface.type())) continue;
            iface.hostdevPciAddress().map(byAddress::get).ifPresent(vf -> attached.add(new AttachedVf(vf, iface)));
        }
        return List.copyOf(attached);
    }

    /** MAC and VLAN as the domain has them (VLAN from the host when the XML has none); spoofchk/trust from the host. */
    @Override
    public VfSettings settingsOf(AttachedVf attached) {
        String ip = HostCommands.output(shell, List.of("ip", "-d", "link", "show", "dev", pf));
        VfLinkSettings host = VfLinkSettings.parse(ip, number(attached.vf()));
        return new VfSettings(attached.mac(), attached.iface().vlan().or(host::vlan), host.spoofchk(), host.trust());
    }

    @Override
    public void prepare(Vf vf, VfSettings settings) {
        List<String> argv = new ArrayList<>(List.of("ip", "link", "set", "dev", pf, "vf", String.valueOf(number(vf)), "mac", settings.mac().value()));
        // vlan 0 when the VF had none: the destination VF may keep the VLAN of its last user, which would cut the guest off
        argv.addAll(List.of("vlan", String.valueOf(settings.vlan().orElse(0))));
        settings.spoofchk().ifPresent(on -> argv.addAll(List.of("spoofchk", on ? "on" : "off")));
        settings.trust().ifPresent(on -> argv.addAll(List.of("trust", on ? "on" : "off")));
        HostCommands.output(shell, argv);
    }

    /**
     * Releases the VF as a free one is: libvirt restores the MAC the VF had before the attach, which {@link #prepare}
     * made the VM's: zero it (igb takes the zero MAC as "no administratively set MAC" and refuses any other that is no
     * unicast address); and what {@code prepare} set goes back to the driver's state of an unused VF (no VLAN, spoof
     * checking on, trust off), so that neither the VM's VLAN nor its trust stays on a VF that another VM gets next.
     * The undo of a detach programs all of it again with {@code prepare}. docs/real-sriov-driver.md has the readings.
     */
    @Override
    public void clearMac(Vf vf, VfSettings settings) {
        List<String> argv = new ArrayList<>(List.of("ip", "link", "set", "dev", pf, "vf", String.valueOf(number(vf)), "mac", ZERO_MAC, "vlan", "0"));
        settings.spoofchk().ifPresent(on -> argv.addAll(List.of("spoofchk", "on")));
        settings.trust().ifPresent(on -> argv.addAll(List.of("trust", "off")));
        HostCommands.output(shell, argv);
    }

    @Override
    public Optional<String> pfDevice() { return Optional.of(pf); }

    @Override
    public String deviceXml(Vf vf, VfSettings settings) {
        number(vf);
        PciAddress address = PciAddress.parse(vf.address())
                .orElseThrow(() -> new IllegalArgumentException("VF " + vf + " has no PCI address"));
        return "<interface type='hostdev' managed='yes'><mac address='" + settings.mac() + "'/><source>" + address.xml()
                + "</source>" + settings.vlan().map(v -> "<vlan><tag id='" + v + "'/></vlan>").orElse("") + "</interface>";
    }

    /** The PF's VFs by number, from one {@code ls -l} of its device directory. */
    private Map<Integer, Vf> vfs() {
        String listing = HostCommands.output(shell, List.of("ls", "-l", "/sys/class/net/" + pf + "/device/"));
        OptionalInt numa = numaNode();
        Map<Integer, Vf> vfs = new TreeMap<>();
        virtfnLinks(listing).forEach((n, address) -> vfs.put(n, new Vf(host, network, pf + "/vf" + n, address.toString(), numa)));
        return vfs;
    }

    static Map<Integer, PciAddress> virtfnLinks(String lsOutput) {
        Map<Integer, PciAddress> links = new TreeMap<>();
        for (String line : lsOutput.split("\n")) {
            Matcher m = VIRTFN.matcher(line);
            if (m.find()) PciAddress.parse(m.group(2)).ifPresent(a -> links.put(Integer.parseInt(m.group(1)), a));
        }
        return links;
    }

    /** Empty when the platform has no NUMA information (-1) or the file cannot be read. */
    private OptionalInt numaNode() {
        try {
            String text = HostCommands.output(shell, List.of("cat", "/sys/class/net/" + pf + "/device/numa_node")).trim();
            return text.matches("\\d{1,4}") ? OptionalInt.of(Integer.parseInt(text)) : OptionalInt.empty();
        } catch (FailureException e) {
            if (e.failure() instanceof Failure.HostCommandFailed) return OptionalInt.empty();
            throw e;
        }
    }

    private int number(Vf vf) {
        String prefix = pf + "/vf";
        if (!vf.host().equals(host) || !vf.id().startsWith(prefix) || !vf.id().substring(prefix.length()).matches("\\d{1,4}")) {
            throw new IllegalArgumentException("VF " + vf + " is not a VF of " + describe() + " on " + host);
        }
        return Integer.parseInt(vf.id().substring(prefix.length()));
    }

    @Override public String toString() { return host + "/" + network + ": " + describe(); }
}
