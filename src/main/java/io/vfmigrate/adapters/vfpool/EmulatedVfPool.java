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
 * The lab's stand-in for SR-IOV: the VFs of an emulated PF whose embedded switch is an Open vSwitch bridge
 * ({@link EmulatedSwitch}). VF K is a persistent tap {@code evfK} (another prefix for another PF), a port of that bridge that exists whether a
 * VM uses it or not (as a VF does), attached to a VM as an unmanaged ethernet interface (a virtio NIC). It is
 * free while no domain defined here names it (the live XML of a running one, the persistent XML of a shut-off one,
 * which takes it when it starts). Programming a VF does what {@code ip link set PF vf K mac M vlan V
 * spoofchk on} does on a NIC: the switch steers (V, M) to the VF's port (a static entry, which learning cannot
 * move), tags the VF's frames with V (the port's access tag) and drops frames from the VF whose source is not
 * M. Trust has no equivalent here: it is neither read nor programmed.
 */
public final class EmulatedVfPool implements VfPool {
    private final EmulatedSwitch eswitch;
    private final Hypervisor hypervisor;
    private final String host;
    private final String network;
    private final int slots;
    private final String prefix;
    private final Pattern slotDev;

    /** VF K's tap is {@code prefix + K}. */
    public EmulatedVfPool(HostShell shell, Hypervisor hypervisor, String host, String network, String bridge, String ovsRundir,
                          String prefix, int slots) {
        NetdevName.of(bridge, "bridge of the emulated VFs of " + host + "/" + network);
        if (!prefix.matches("[a-z]([a-z0-9]{0,8}[a-z])?")) throw new IllegalArgumentException("emulated VF prefix of " + host + "/" + network + ": " + prefix);
        this.prefix = prefix;
        this.slotDev = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,4})");
        if (slots < 0) throw new IllegalArgumentException("negative number of emulated VF slots for " + host + "/" + network + ": " + slots);
        this.eswitch = new EmulatedSwitch(shell, bridge, ovsRundir);
        this.hypervisor = hypervisor;
        this.host = host;
        this.network = network;
        this.slots = slots;
    }

    @Override public String host() { return host; }

    @Override public String network() { return network; }

    @Override public String describe() { return "emulated VFs " + port(0) + ".." + port(slots - 1) + " on " + eswitch; }

    /** The slots whose tap is a port of the switch and that no domain defined here names, running or shut off. */
    @Override
    public List<Vf> free() {
        Set<String> ports = new HashSet<>(eswitch.ports());
        Set<Integer> used = new HashSet<>();
        for (String xml : hypervisor.vfHoldingDomainXmls()) attachedTo(DomainDescription.parse(xml)).forEach(a -> used.add(slotOf(a.vf())));
        List<Vf> free = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            if (ports.contains(port(slot)) && !used.contains(slot)) free.add(vf(slot));
        }
        return List.copyOf(free);
    }

    /** Every slot device counts, also one beyond {@code slots} (the pool may have shrunk). */
    @Override
    public List<AttachedVf> attachedTo(DomainDescription domain) {
        List<AttachedVf> attached = new ArrayList<>();
        for (DomainInterface iface : domain.interfaces()) {
            if (!"ethernet".equals(iface.type())) continue;
            iface.targetDev().flatMap(this::slotOf).ifPresent(slot -> attached.add(new AttachedVf(vf(slot), iface)));
        }
        return List.copyOf(attached);
    }

    /** The VLAN and spoof checking as the switch has them for the VF's port; the MAC is the interface's. */
    @Override
    public VfSettings settingsOf(AttachedVf attached) {
        int slot = slotOf(attached.vf());
        EmulatedSwitch.PortSettings port = eswitch.settings(port(slot), slot);
        return new VfSettings(attached.mac(), port.vlan(), Optional.of(port.spoofChecking()), Optional.empty());
    }

    @Override
    public void prepare(Vf vf, VfSettings settings) {
        int slot = slotOf(vf);
        eswitch.program(port(slot), slot, settings.vlan(), settings.spoofchk(), settings.mac());
    }

    /** Removes the entry that steers the MAC to this slot; an entry already gone, or on another port, is left alone. */
    @Override
    public void clearMac(Vf vf, VfSettings settings) {
        eswitch.clearStatic(port(slotOf(vf)), settings.mac());
    }

    @Override
    public String deviceXml(Vf vf, VfSettings settings) {
        return "<interface type='ethernet'><mac address='" + escape(settings.mac().value()) + "'/><target dev='" + port(slotOf(vf))
                + "' managed='no'/><model type='virtio'/></interface>";
    }

    private String port(int slot) { return prefix + slot; }

    private Vf vf(int slot) {
        return new Vf(host, network, port(slot), "emulated:" + eswitch.bridge() + "/" + port(slot), OptionalInt.empty());
    }

    private int slotOf(Vf vf) {
        Optional<Integer> slot = slotOf(vf.id());
        if (!vf.host().equals(host) || slot.isEmpty()) {
            throw new IllegalArgumentException("VF " + vf + " is not an emulated VF of " + host + "/" + network);
        }
        return slot.get();
    }

    private Optional<Integer> slotOf(String dev) {
        Matcher m = slotDev.matcher(dev);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    @Override public String toString() { return host + "/" + network + ": " + describe(); }
}
