package io.vfmigrate.ports;

import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import java.util.List;
import java.util.Optional;

/** The VFs of one network on one host. Reservation between runs is the journal's (leases), not this. */
public interface VfPool {
    String host();

    String network();

    /** Human description, e.g. "pf enp129s0f0". */
    String describe();

    /** VFs of this network on the host that no domain uses now. */
    List<Vf> free();

    /** The interfaces of a domain that are VFs of this pool. */
    List<AttachedVf> attachedTo(DomainDescription domain);

    /** Spoof checking and trust as the host has them for an attached VF (empty where unknown). */
    VfSettings settingsOf(AttachedVf attached);

    /**
     * Programs the VF with these settings right before it is attached (e.g. ip link set PF vf N mac ...).
     * From then on the NIC's embedded switch steers frames for the MAC to this VF, attached or not.
     */
    void prepare(Vf vf, VfSettings settings);

    /**
     * Stops steering the MAC to this VF once it is detached (on a PF: its MAC set to 00:00:00:00:00:00, and the VLAN,
     * spoof checking and trust that {@link #prepare} set back to those of an unused VF),
     * so that frames for the MAC reach the temporary port. Idempotent; {@link #prepare} programs it again.
     */
    void clearMac(Vf vf, VfSettings settings);

    /** The device XML that attaches this VF with these settings. */
    String deviceXml(Vf vf, VfSettings settings);

    /**
     * Whether a domain's definition names the VF itself (a PCI address, a tap), so that an offline move can
     * rewrite it to a destination VF; a libvirt network with a hostdev pool names only the network.
     */
    default boolean namesVfInDefinition() { return true; }

    /** The PF's network device, where the pool knows it (a `pf` pool's {@code pf}): a temporary port on it shares the VF's steering. */
    default Optional<String> pfDevice() { return Optional.empty(); }
}
