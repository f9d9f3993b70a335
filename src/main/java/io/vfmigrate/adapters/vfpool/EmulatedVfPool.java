package io.vfmigrate.adapters.vfpool;

import static io.vfmigrate.model.DomainDescription.XmlText.escape;

import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.NetdevName;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.HostShell;
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
 * The lab's stand-in for SR-IOV: slot K is a virtio NIC on {@code bridge} whose tap device libvirt
 * names {@code evfK} (the interface's target dev). A slot is free while no net device of that name
 * exists on the host. VLAN, spoof checking and trust have no equivalent here: they are ignored.
 */
public final class EmulatedVfPool implements VfPool {
    private static final Pattern SLOT_DEV = Pattern.compile("evf(\\d{1,4})");
    private static final Pattern LINK_LINE = Pattern.compile("^\\d+:\\s+([^:@\\s]+)(?:@\\S*)?:");

    private final HostShell shell;
    private final String host;
    private final String network;
    private final String bridge;
    private final int slots;

    public EmulatedVfPool(HostShell shell, String host, String network, String bridge, int slots) {
        NetdevName.of(bridge, "bridge of the emulated VFs of " + host + "/" + network);
        if (slots < 0) throw new IllegalArgumentException("negative number of emulated VF slots for " + host + "/" + network + ": " + slots);
        this.shell = shell;
        this.host = host;
        this.network = network;
        this.bridge = bridge;
        this.slots = slots;
    }

    @Override public String host() { return host; }

    @Override public String network() { return network; }

    @Override public String describe() { return "emulated VFs evf0..evf" + (slots - 1) + " on bridge " + bridge; }

    @Override
    public List<Vf> free() {
        Set<String> links = linkNames(HostCommands.output(shell, List.of("ip", "-o", "link", "show")));
        List<Vf> free = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            if (!links.contains("evf" + slot)) free.add(vf(slot));
        }
        return List.copyOf(free);
    }

    /** Every slot device on the bridge counts, also one beyond {@code slots} (the pool may have shrunk). */
    @Override
    public List<AttachedVf> attachedTo(DomainDescription domain) {
        List<AttachedVf> attached = new ArrayList<>();
        for (DomainInterface iface : domain.interfaces()) {
            if (!"bridge".equals(iface.type()) || !iface.sourceBridge().equals(Optional.of(bridge)) || iface.virtualportType().isPresent()) continue;
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
        slotOf(vf); // nothing to set on the host; only check the VF is ours
    }

    @Override
    public String deviceXml(Vf vf, VfSettings settings) {
        int slot = slotOf(vf);
        return "<interface type='bridge'><mac address='" + settings.mac() + "'/><source bridge='" + escape(bridge)
                + "'/><target dev='evf" + slot + "'/><model type='virtio'/></interface>";
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
