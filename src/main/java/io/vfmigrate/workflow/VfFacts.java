package io.vfmigrate.workflow;

import java.util.List;

import io.vfmigrate.model.Mac;
import io.vfmigrate.model.Vf;
import io.vfmigrate.model.VfSettings;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** The facts of the VM's VF number {@code index}: where it came from, where it goes, its guest link. */
public final class VfFacts {
    private final Facts f;
    private final int index;
    private final String p;

    VfFacts(Facts facts, int index) {
        this.f = facts;
        this.index = index;
        this.p = "vf." + index + ".";
    }

    public static VfFacts at(Facts facts, int index) { return new VfFacts(facts, index); }

    public int index() { return index; }
    public String network() { return f.get(p + "network"); }
    public Mac mac() { return Mac.parse(f.get(p + "mac")); }
    public Optional<String> bond() { return f.find(p + "bond"); }

    public VfSettings settings() {
        return new VfSettings(mac(), f.findInt(p + "vlan"), f.find(p + "spoofchk").map(Boolean::parseBoolean),
                f.find(p + "trust").map(Boolean::parseBoolean));
    }

    public Vf sourceVf() {
        return new Vf(f.get("source.host"), network(), f.get(p + "source.id"), f.get(p + "source.address"), numa(p + "source.numa"));
    }

    /** The guest link of this VF now: on the source before the detach, on the destination after the attach. */
    public Optional<Integer> guestIfindex() { return f.findInt(p + "guest.ifindex"); }
    public void guestIfindex(int ifindex) { f.put(p + "guest.ifindex", ifindex); }
    public void forgetGuestIfindex() {
        f.remove(p + "guest.ifindex");
        f.remove(p + "guest.enslaved-on-arrival");
    }

    /** The guest enslaved this VF's new NIC itself as it appeared (the guest-side enslave): its name then. */
    public Optional<String> enslavedOnArrival() { return f.find(p + "guest.enslaved-on-arrival"); }
    public void enslavedOnArrival(String name) { f.put(p + "guest.enslaved-on-arrival", name); }

    /** The global addresses the VF's guest NIC had before its detach (a VF in no bond: `naive --allow-outage`). */
    public List<String> addresses() {
        return f.find(p + "addresses").map(a -> List.of(a.split(","))).orElse(List.of());
    }

    public void addresses(List<String> cidrs) { f.put(p + "addresses", String.join(",", cidrs)); }

    public Optional<Vf> destinationVf() {
        return f.find(p + "dest.id").map(id -> new Vf(f.get("destination.host"), network(), id, f.get(p + "dest.address"), numa(p + "dest.numa")));
    }

    public void destinationVf(Vf vf) {
        f.put(p + "dest.id", vf.id());
        f.put(p + "dest.address", vf.address());
        f.put(p + "dest.numa", vf.numaNode().isPresent() ? vf.numaNode().getAsInt() : "");
    }

    /** Destination VFs that failed for this run and must not be chosen again. */
    public Set<String> excludedDestinationIds() {
        return new LinkedHashSet<>(Arrays.stream(f.find(p + "dest.excluded").orElse("").split(",")).filter(s -> !s.isEmpty()).toList());
    }

    public void excludeDestination(String id) {
        Set<String> ex = excludedDestinationIds();
        ex.add(id);
        f.put(p + "dest.excluded", String.join(",", ex));
    }

    private OptionalInt numa(String key) {
        return f.findInt(key).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    public static void record(Facts f, int index, Vf source, VfSettings settings, Optional<String> bond, Optional<Integer> ifindex) {
        String p = "vf." + index + ".";
        f.put(p + "network", source.network());
        f.put(p + "source.id", source.id());
        f.put(p + "source.address", source.address());
        f.put(p + "source.numa", source.numaNode().isPresent() ? source.numaNode().getAsInt() : "");
        f.put(p + "mac", settings.mac());
        f.put(p + "vlan", settings.vlan().map(String::valueOf).orElse(""));
        f.put(p + "spoofchk", settings.spoofchk().map(String::valueOf).orElse(""));
        f.put(p + "trust", settings.trust().map(String::valueOf).orElse(""));
        f.put(p + "bond", bond.orElse(""));
        f.put(p + "guest.ifindex", ifindex.map(String::valueOf).orElse(""));
    }
}
