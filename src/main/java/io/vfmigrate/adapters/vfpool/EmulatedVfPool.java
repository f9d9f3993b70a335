package io.vfmigrate.adapters.vfpool;

import static io.vfmigrate.model.DomainDescription.XmlText.escape;

import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.NetdevName;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.HostShell;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.ports.VfPool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's stand-in for SR-IOV. VF K is a persistent tap {@code evfK}, a port of {@code bridge} that
 * exists whether a VM uses it or not (as a VF does), attached to a VM as an unmanaged ethernet
 * interface (a virtio NIC). It is free while no running domain uses it. Programming its MAC makes the
 * bridge steer that MAC to its port, as a NIC's embedded switch steers a MAC to the VF that has it:
 * a sticky static forwarding entry, which learning cannot move; clearing the MAC removes it. VLAN,
 * spoof checking and trust have no equivalent here: they are ignored.
 */
public final class EmulatedVfPool implements VfPool {
    private static final Pattern SLOT_DEV = Pattern.compile("evf(\\d{1,4})");
    private static final Pattern LINK_LINE = Pattern.compile("^\\d+:\\s+([^:@\\s]+)(?:@\\S*)?:");

    private final HostShell shell;
    private final Hypervisor hypervisor;
    private final String host;
    private final String network;
    private final String bridge;
    private final int slots;

    public EmulatedVfPool(HostShell shell, Hypervisor hypervisor, String host, String network, String bridge, int slots) {
        NetdevName.of(bridge, "bridge of the emulated VFs of " + host + "/" + network);
        if (slots < 0) throw new IllegalArgumentException("negative number of emulated VF slots for " + host + "/" + network + ": " + slots);
        this.shell = shell;
        this.hypervisor = hypervisor;
        this.host = host;
        this.network = network;
        this.bridge = bridge;
        this.slots = slots;
    }

    @Override public String host() { return host; }

    @Override public String network() { return network; }

    @Override public String describe() { return "emulated VFs evf0..evf" + (slots - 1) + " on bridge " + bridge; }

    /** The slots whose tap exists on the host and that no running domain uses. */
    @Override
    public List<Vf> free() {
        Set<String> links = linkNames(HostCommands.output(shell, List.of("ip", "-o", "link", "show", "master", bridge)));
        Set<Integer> used = new HashSet<>();
        for (String xml : hypervisor.runningDomainXmls()) attachedTo(DomainDescription.parse(xml)).forEach(a -> used.add(slotOf(a.vf())));
        List<Vf> free = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            if (links.contains("evf" + slot) && !used.contains(slot)) free.add(vf(slot));
        }
        return List.copyOf(free);
    }

    /** Every slot device counts, also one beyond {@code slots} (the pool may have shrunk). */
    @Override
    public List<AttachedVf> attachedTo(DomainDescription domain) {
        List<AttachedVf> attached = new ArrayList<>();
        for (DomainInterface iface : domain.interfaces()) {
            if (!"ethernet".equals(iface.type())) continue;
            iface.targetDev().flatMap(EmulatedVfPool::slotOf).ifPresent(slot -> attached.add(new AttachedVf(vf(slot), iface)));
        }
        return List.copyOf(attached);
    }

    @Override
    public VfSettings settingsOf(AttachedVf attached) {
        return VfSettings.of(attached.mac());
    }

    @Override
    public void prepare(Vf vf, VfSettings settings) {
        HostCommands.output(shell, List.of("bridge", "fdb", "replace", settings.mac().value(), "dev", "evf" + slotOf(vf), "master", "static", "sticky"));
    }

    /** Removes the entry that steers the MAC to this slot; an entry already gone, or on another port, is left alone. */
    @Override
    public void clearMac(Vf vf, VfSettings settings) {
        HostCommands.outputUnless(shell, List.of("bridge", "fdb", "del", settings.mac().value(), "dev", "evf" + slotOf(vf), "master"),
                "No such file or directory");
    }

    @Override
    public String deviceXml(Vf vf, VfSettings settings) {
        int slot = slotOf(vf);
        return "<interface type='ethernet'><mac address='" + escape(settings.mac().value()) + "'/><target dev='evf" + slot
                + "' managed='no'/><model type='virtio'/></interface>";
    }

    private Vf vf(int slot) {
        return new Vf(host, network, "evf" + slot, "emulated:" + bridge + "/evf" + slot, OptionalInt.empty());
    }

    private int slotOf(Vf vf) {
        Optional<Integer> slot = slotOf(vf.id());
        if (!vf.host().equals(host) || slot.isEmpty()) {
            throw new IllegalArgumentException("VF " + vf + " is not an emulated VF of " + host + "/" + network);
        }
        return slot.get();
    }

    private static Optional<Integer> slotOf(String dev) {
        Matcher m = SLOT_DEV.matcher(dev);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** Device names from {@code ip -o link show} ("5: evf0: <...>", "7: veth0@if6: <...>"). */
    static Set<String> linkNames(String ipOutput) {
        Set<String> names = new HashSet<>();
        for (String line : ipOutput.split("\n")) {
            Matcher m = LINK_LINE.matcher(line);
            if (m.find()) names.add(m.group(1));
        }
        return names;
    }

    @Override public String toString() { return host + "/" + network + ": " + describe(); }
}
