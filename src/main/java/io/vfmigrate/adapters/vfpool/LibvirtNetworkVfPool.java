package io.vfmigrate.adapters.vfpool;

import static io.vfmigrate.model.DomainDescription.XmlText.escape;

import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainDescription.XmlText;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.ports.VfPool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * VFs handed out by a libvirt {@code <forward mode='hostdev'>} network: libvirt itself picks a free
 * VF when an {@code <interface type='network'>} is attached, so the VF chosen here is only a
 * forecast (its lease does not pin which VF libvirt takes). The pool is the {@code <address>} list
 * of the active network's {@code <forward>} (libvirt fills it from {@code <pf dev>}).
 * <p>
 * A running domain may show such an interface as {@code type='network'} (without the VF's address)
 * or as {@code type='hostdev'} with the address (libvirt's live XML of the actual device); both
 * count. A shut-off domain's persistent XML holds the addresses it names (as hostdev interfaces or hostdevs); one
 * whose interface names only the network holds no particular VF (libvirt picks one when it starts). Spoof checking and trust cannot be prepared before libvirt picks the VF: not supported.
 */
public final class LibvirtNetworkVfPool implements VfPool {
    private static final int NO_NETWORK = 43;

    private final Hypervisor hypervisor;
    private final String host;
    private final String network;
    private final String libvirtNetwork;

    public LibvirtNetworkVfPool(Hypervisor hypervisor, String host, String network, String libvirtNetwork) {
        this.hypervisor = hypervisor;
        this.host = host;
        this.network = network;
        this.libvirtNetwork = libvirtNetwork;
    }

    @Override public String host() { return host; }

    @Override public String network() { return network; }

    @Override public boolean namesVfInDefinition() { return false; }

    @Override public String describe() { return "libvirt network " + libvirtNetwork; }

    @Override
    public List<Vf> free() {
        Set<PciAddress> used = PciAddress.inUse(hypervisor.vfHoldingDomainXmls());
        return forwardAddresses().stream().filter(a -> !used.contains(a)).map(a -> vf(a.toString())).toList();
    }

    @Override
    public List<AttachedVf> attachedTo(DomainDescription domain) {
        Set<PciAddress> pool = null;
        List<AttachedVf> attached = new ArrayList<>();
        for (DomainInterface iface : domain.interfaces()) {
            if ("network".equals(iface.type()) && iface.sourceNetwork().equals(Optional.of(libvirtNetwork))) {
                attached.add(new AttachedVf(vf(iface.hostdevPciAddress().orElse("mac-" + iface.mac())), iface));
            } else if ("hostdev".equals(iface.type()) && iface.hostdevPciAddress().isPresent()) {
                if (pool == null) pool = forwardAddresses();
                Optional<PciAddress> address = PciAddress.parse(iface.hostdevPciAddress().get());
                if (address.isPresent() && pool.contains(address.get())) attached.add(new AttachedVf(vf(address.get().toString()), iface));
            }
        }
        return List.copyOf(attached);
    }

    @Override
    public VfSettings settingsOf(AttachedVf attached) {
        return new VfSettings(attached.mac(), attached.iface().vlan(), Optional.empty(), Optional.empty());
    }

    @Override
    public void prepare(Vf vf, VfSettings settings) {
        requireOwn(vf); // libvirt picks and sets up the VF at attach time
    }

    /**
     * libvirt picks the VF at attach time, programs its MAC then and restores the VF's own MAC when it
     * is detached (the pool never sets one beforehand): nothing steers the VM's MAC to it afterwards.
     */
    @Override
    public void clearMac(Vf vf, VfSettings settings) {}

    @Override
    public String deviceXml(Vf vf, VfSettings settings) {
        requireOwn(vf);
        return "<interface type='network'><mac address='" + settings.mac() + "'/><source network='" + escape(libvirtNetwork) + "'/>"
                + settings.vlan().map(v -> "<vlan><tag id='" + v + "'/></vlan>").orElse("") + "</interface>";
    }

    private Set<PciAddress> forwardAddresses() {
        String xml = hypervisor.networkXml(libvirtNetwork).orElseThrow(() -> new FailureException(
                new Failure.LibvirtError(host, NO_NETWORK, "libvirt network '" + libvirtNetwork + "' is not defined on " + host)));
        Set<PciAddress> addresses = new LinkedHashSet<>();
        Optional<Element> forward = XmlText.childElement(XmlText.parse(xml).getDocumentElement(), "forward");
        if (forward.isEmpty()) return addresses;
        NodeList list = forward.get().getElementsByTagName("address");
        for (int i = 0; i < list.getLength(); i++) PciAddress.of((Element) list.item(i)).ifPresent(addresses::add);
        return addresses;
    }

    private Vf vf(String address) {
        return new Vf(host, network, "net:" + libvirtNetwork + "/" + address, address, OptionalInt.empty());
    }

    private void requireOwn(Vf vf) {
        if (!vf.host().equals(host) || !vf.id().startsWith("net:" + libvirtNetwork + "/")) {
            throw new IllegalArgumentException("VF " + vf + " is not a VF of " + describe() + " on " + host);
        }
    }

    @Override public String toString() { return host + "/" + network + ": " + describe(); }
}
