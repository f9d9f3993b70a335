package io.vfmigrate.workflow;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A guest bond that holds VFs: which VF was active and primary before the run, and the temporary
 * port that stands in for them while they are away.
 */
public final class BondFacts {
    private final Facts f;
    private final int index;
    private final String p;

    BondFacts(Facts facts, int index) {
        this.f = facts;
        this.index = index;
        this.p = "bond." + index + ".";
    }

    /** The bonds the facts record, in order. */
    public static List<BondFacts> all(Facts facts) {
        return java.util.stream.IntStream.range(0, facts.findInt(FactKeys.BOND_COUNT).orElse(0)).mapToObj(i -> new BondFacts(facts, i)).toList();
    }

    public int index() { return index; }
    public GuestInterfaceName name() { return new GuestInterfaceName(f.get(p + "name")); }
    public String network() { return f.get(p + "network"); }
    /** The temporary port takes the MAC of the VF that was active. */
    public Mac mac() { return Mac.parse(f.get(p + "mac")); }
    public List<Integer> vfIndexes() { return Arrays.stream(f.get(p + "vfs").split(",")).map(Integer::parseInt).toList(); }
    public int activeVf() { return f.getInt(p + "active-vf"); }
    public Optional<Integer> primaryVf() { return f.findInt(p + "primary-vf"); }
    /**
     * The VLAN of the bond's VFs (preflight refuses a bond whose VFs are on different VLANs), which its temporary
     * port carries; empty: untagged (and for a run journaled before bonds had it: today's untagged port).
     */
    public Optional<Integer> vlan() {
        // a run journaled before the bond's VLAN was recorded: the VLAN of its active VF, journaled since long before
        if (!f.recorded(p + "vlan")) return new VfFacts(f, activeVf()).settings().vlan();
        return f.findInt(p + "vlan");
    }
    /** The bond's all_slaves_active before the run, restored once the VF is active again. */
    public boolean allSlavesActiveBefore() { return "true".equals(f.find(p + "all-slaves-active").orElse("false")); }

    /** The address the guest pings through the bond after each switch-over (verified reachable before the run). */
    public Optional<String> probe() { return f.find(p + "probe").filter(s -> !s.isEmpty()); }
    public void probe(String address) { f.put(p + "probe", address); }

    public String temporaryPortAlias() { return "ua-vfm-tmp" + index; }
    public void temporaryPortType(String type) { f.put(p + "tmp.type", type); }
    /** The type of the temporary port add-temporary-port chose ("macvtap", "ovs"); empty before it ran (its plan is not a choice). */
    public Optional<String> temporaryPortType() { return f.find(p + "tmp.type").filter(s -> !s.isEmpty()); }
    /** The VLAN the temporary port carries (empty: untagged); for a run journaled before it was recorded, the bond's. */
    public Optional<Integer> temporaryPortVlan() { return f.recorded(p + "tmp.vlan") ? f.findInt(p + "tmp.vlan") : vlan(); }
    /**
     * Whether the port's macvtap may be on {@code host}: the port is a macvtap, and the run has not removed it there since it
     * last made it (or was about to).
     */
    public boolean macvtapMayBeOn(String host) {
        return temporaryPortType().map("macvtap"::equals).orElse(false) && !"removed".equals(f.find(p + "tmp.macvtap." + host).orElse(""));
    }
    public void macvtapMade(String host) { f.put(p + "tmp.macvtap." + host, "made"); }
    public void macvtapRemoved(String host) { f.put(p + "tmp.macvtap." + host, "removed"); }
    public void temporaryPortVlan(Optional<Integer> vlan) { f.put(p + "tmp.vlan", vlan.map(String::valueOf).orElse("")); }
    /** What add-temporary-port's plan would choose, for the plans of the steps after it: a run acts on what it chose. */
    public void plannedTemporaryPort(String type, Optional<Integer> vlan) {
        f.put(p + "plan.tmp.type", type);
        f.put(p + "plan.tmp.vlan", vlan.map(String::valueOf).orElse(""));
    }
    /** The port's type as chosen, else as planned. */
    public Optional<String> temporaryPortTypeOrPlanned() { return temporaryPortType().or(() -> f.find(p + "plan.tmp.type")); }
    /** The port's VLAN as chosen, else as planned. */
    public Optional<Integer> temporaryPortVlanOrPlanned() {
        if (f.recorded(p + "tmp.vlan") || !f.recorded(p + "plan.tmp.vlan")) return temporaryPortVlan();
        return f.findInt(p + "plan.tmp.vlan");
    }
    public Optional<Integer> temporaryPortIfindex() { return f.findInt(p + "tmp.ifindex"); }
    public void temporaryPortIfindex(int ifindex) { f.put(p + "tmp.ifindex", ifindex); }
    public void forgetTemporaryPort() { f.remove(p + "tmp.ifindex"); }

    public static void record(Facts f, int index, GuestInterfaceName name, String network, Mac mac, List<Integer> vfs,
                              int activeVf, Optional<Integer> primaryVf, boolean allSlavesActive, Optional<Integer> vlan) {
        String p = "bond." + index + ".";
        f.put(p + "name", name);
        f.put(p + "network", network);
        f.put(p + "mac", mac);
        f.put(p + "vfs", String.join(",", vfs.stream().map(String::valueOf).toList()));
        f.put(p + "active-vf", activeVf);
        f.put(p + "primary-vf", primaryVf.map(String::valueOf).orElse(""));
        f.put(p + "all-slaves-active", String.valueOf(allSlavesActive));
        f.put(p + "vlan", vlan.map(String::valueOf).orElse(""));
    }
}
