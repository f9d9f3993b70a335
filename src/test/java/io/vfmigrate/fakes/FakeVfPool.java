package io.vfmigrate.fakes;

import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.VfPool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Slots "fvfN" on a bridge; a slot is taken when a domain on the host (running or shut off) names it, or by {@link #occupied}. */
public final class FakeVfPool implements VfPool {
    private final FakeWorld world;
    private final FakeHypervisor hypervisor;
    private final String network;
    private final String bridge;
    private final int slots;
    public final Set<Integer> occupied = new HashSet<>();
    public final List<String> prepared = new ArrayList<>();
    /** The MAC programmed on each slot, as the NIC's embedded switch would steer it; cleared by {@link #clearMac}. */
    public final java.util.Map<String, String> programmedMac = new java.util.TreeMap<>();
    /**
     * The VLAN programmed on each slot (a pf pool's {@code ip link set PF vf N vlan V}), which {@link #settingsOf} reads and
     * {@link #prepare} programs (a VLAN-less prepare removes it). Clearing the MAC forgets it too, as libvirt restores a
     * hostdev VF's own MAC and VLAN when it detaches it: the undo of detach-vf must program it again.
     */
    public final java.util.Map<String, Integer> programmedVlan = new java.util.TreeMap<>();
    /** Each prepare as "VF vlan V" ("VF vlan none"), in order. */
    public final List<String> preparedVlans = new ArrayList<>();
    /** NUMA node of each slot, where known. */
    public final java.util.Map<Integer, Integer> numaOfSlot = new java.util.HashMap<>();

    FakeVfPool(FakeWorld world, FakeHypervisor hypervisor, String network, String bridge, int slots) {
        this.world = world;
        this.hypervisor = hypervisor;
        this.network = network;
        this.bridge = bridge;
        this.slots = slots;
    }

    public String host() { return hypervisor.host(); }
    public String network() { return network; }
    public String describe() { return "fake " + bridge; }

    /** False: behaves as a libvirt network pool, whose definitions name no VF. */
    public boolean namesVf = true;

    @Override public boolean namesVfInDefinition() { return namesVf; }

    /** The PF device the pool names, as a `pf` pool does; empty as an emulated pool's. */
    public java.util.Optional<String> pf = java.util.Optional.empty();

    @Override public java.util.Optional<String> pfDevice() { return pf; }

    public List<Vf> free() {
        Set<String> used = new HashSet<>();
        for (String xml : hypervisor.vfHoldingDomainXmls()) attachedTo(DomainDescription.parse(xml)).forEach(a -> used.add(a.vf().id()));
        List<Vf> out = new ArrayList<>();
        for (int i = 0; i < slots; i++) if (!occupied.contains(i) && !used.contains("fvf" + i)) out.add(vf(i));
        return out;
    }

    public List<AttachedVf> attachedTo(DomainDescription domain) {
        return domain.interfaces().stream()
                .filter(i -> i.type().equals("bridge") && i.sourceBridge().orElse("").equals(bridge) && i.targetDev().orElse("").startsWith("fvf"))
                .map(i -> new AttachedVf(vf(Integer.parseInt(i.targetDev().get().substring(3))), i)).toList();
    }

    public VfSettings settingsOf(AttachedVf attached) {
        return new VfSettings(attached.mac(), Optional.ofNullable(programmedVlan.get(attached.vf().id())), Optional.empty(), Optional.empty());
    }

    public void prepare(Vf vf, VfSettings settings) {
        world.checkFault("prepare " + host() + " " + vf.id());
        world.recordMutation("prepare " + host() + " " + vf.id());
        prepared.add(vf.id());
        programmedMac.put(vf.id(), settings.mac().value());
        preparedVlans.add(vf.id() + " vlan " + settings.vlan().map(String::valueOf).orElse("none"));
        if (ignoresVlan) return;
        settings.vlan().ifPresentOrElse(v -> programmedVlan.put(vf.id(), v), () -> programmedVlan.remove(vf.id()));
    }

    /** True: {@link #prepare} leaves the VLAN as it is (a driver that ignores it), for the end-state check to notice. */
    public boolean ignoresVlan;

    public void clearMac(Vf vf, VfSettings settings) {
        world.checkFault("clear-mac " + host() + " " + vf.id());
        programmedMac.remove(vf.id());
        programmedVlan.remove(vf.id());
    }

    public String deviceXml(Vf vf, VfSettings settings) {
        return xmlForSlot(Integer.parseInt(vf.id().substring(3)), settings.mac().value());
    }

    String xmlForSlot(int slot, String mac) {
        return "<interface type='bridge'><mac address='" + mac + "'/><source bridge='" + bridge + "'/><target dev='fvf" + slot
                + "'/><model type='virtio'/></interface>";
    }

    private Vf vf(int slot) {
        Integer node = numaOfSlot.get(slot);
        return new Vf(host(), network, "fvf" + slot, "fake:" + bridge + "/fvf" + slot, node == null ? OptionalInt.empty() : OptionalInt.of(node));
    }

    public String xmlFor(int slot, String mac) { return xmlForSlot(slot, mac); }
}
