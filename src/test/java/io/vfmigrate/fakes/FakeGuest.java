package io.vfmigrate.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A simulated guest: links (hot-plugged NICs appear with a new ifindex) and active-backup bonds. */
public final class FakeGuest {
    public static final class Link {
        public final int ifindex;
        public final String name;
        public final String permMac;
        public String mac;
        public String master;
        /** Hot-plugged NICs come up down, as in the lab's guests. */
        public boolean up;
        /** The link kind of an upper device (vlan, bridge, ipvlan...); null for a NIC (a device behind it). */
        public String kind;
        /** The device an upper device sits on (bond0 for bond0.100). */
        public String lower;
        /** Where the guest sees a NIC's PCI function ("0000:00:03.0"), as its domain XML places the device; null if unknown. */
        public String pciSlot;
        /** Global addresses with prefix ("192.0.2.13/24"). */
        public final java.util.List<String> addrs = new java.util.ArrayList<>();

        Link(int ifindex, String name, String mac) {
            this.ifindex = ifindex;
            this.name = name;
            this.permMac = mac;
            this.mac = mac;
        }
    }

    public static final class Bond {
        public final String name;
        public String mode = "active-backup 1";
        public final List<String> slaves = new ArrayList<>();
        public String active = "";
        public String primary = "";
        public String allSlavesActive = "0";
        public String mac;

        Bond(String name) { this.name = name; }
    }

    public final Map<String, Link> links = new LinkedHashMap<>();
    public final Map<String, Bond> bonds = new LinkedHashMap<>();
    public boolean agentRunning = true;
    /** Addresses that answer the guest's ping while its bond's active slave has a data path. */
    public final java.util.Set<String> peers = new java.util.HashSet<>();
    /** MACs whose data path is dead (a switch behind them that forwards nothing), decided by the active slave's MAC and kind. */
    public java.util.function.Predicate<Link> deadPath = l -> false;
    public boolean guestExecAllowed = true;
    /** The guest's policy enables the agent's own reads (guest-file-open/read/close, guest-network-get-interfaces). */
    public boolean agentReadsAllowed = true;
    /** Answers `ip -o -d link show` without details, as busybox's ip does: devices and own MACs then come from sysfs. */
    public boolean plainIp;
    /** What `ip -V` answers: exit code, stdout, stderr; null when the guest has no ip at all. */
    public String[] ipVersion = {"0", "ip utility, iproute2-6.1.0, libbpf 1.1.0\n", ""};
    private int nextIfindex = 2;
    private int nextEth = 0;

    /**
     * The guest can run vfmigrate's guest-side enslave ({@code GuestCommands.enslaveOnArrival}: a shell, timeout, iproute2's
     * `ip monitor`). Off by default, as in a guest whose `ip` cannot monitor: the workflows then wait for a NIC and enslave it
     * from outside, which the golden traces pin.
     */
    public boolean enslavesOnArrival;
    /** The guest-side enslave never sees the NIC (it keeps running), as one that missed its event would. */
    public boolean watcherMisses;

    /** A guest-side enslave started by the agent: waiting for a NIC with {@code mac} none of {@code known}, for {@code bond}. */
    record Watcher(String mac, String bond, java.util.Set<Integer> known) {}
    final Map<Long, Watcher> watchers = new LinkedHashMap<>();
    private long nextPid = 1000;

    long watch(Watcher w) {
        watchers.put(nextPid, w);
        return nextPid++;
    }

    /** How many agent requests a hot-plugged NIC takes to appear in the guest (0: at once), as the guest's hot-plug handling takes time. */
    public int plugLag;
    private final Map<Link, Integer> arriving = new LinkedHashMap<>();

    public Link plug(String mac, String pciSlot) {
        Link l = new Link(nextIfindex++, "eth" + nextEth++, mac);
        l.pciSlot = pciSlot;
        if (plugLag > 0) arriving.put(l, plugLag);
        else links.put(l.name, l);
        return l;
    }

    /** One agent request answered: NICs still arriving get closer to appearing. */
    void answered() {
        for (var it = arriving.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue() <= 1) {
                links.put(e.getKey().name, e.getKey());
                it.remove();
            } else {
                e.setValue(e.getValue() - 1);
            }
        }
    }

    public void unplug(String mac, Optional<Integer> preferIfindex) {
        Link victim = links.values().stream()
                .filter(l -> l.permMac.equals(mac) && l.kind == null)
                .filter(l -> preferIfindex.map(i -> i == l.ifindex).orElse(true))
                .findFirst().orElse(null);
        if (victim == null) return;
        if (victim.master != null) release(victim.name);
        links.remove(victim.name);
    }

    public Bond bond(String name) {
        Bond b = bonds.computeIfAbsent(name, Bond::new);
        links.computeIfAbsent(name, n -> new Link(nextIfindex++, n, "52:54:00:ff:ff:ff"));
        return b;
    }

    /** An upper device over {@code lower} (a vlan, a bridge, an ipvlan...), carrying {@code mac}, up. */
    public Link upper(String name, String kind, String lower, String mac) {
        Link l = new Link(nextIfindex++, name, mac);
        l.kind = kind;
        l.lower = lower;
        l.up = true;
        links.put(name, l);
        return l;
    }

    public void enslave(String dev, String bondName) {
        Bond b = bonds.get(bondName);
        Link l = links.get(dev);
        if (b == null || l == null) throw new IllegalArgumentException("no such device");
        if (l.master != null) throw new IllegalArgumentException(dev + " is already a slave");
        if (l.up) throw new IllegalArgumentException("Device can not be enslaved while up");
        l.master = bondName;
        b.slaves.add(dev);
        if (b.mac == null) b.mac = l.mac;
        l.mac = b.mac;
        links.get(bondName).mac = b.mac;
        l.up = true;
        if (b.active.isEmpty() || (!b.primary.isEmpty() && b.primary.equals(dev))) b.active = dev;
    }

    public void release(String dev) {
        Link l = links.get(dev);
        if (l == null || l.master == null) return;
        Bond b = bonds.get(l.master);
        b.slaves.remove(dev);
        l.master = null;
        l.mac = l.permMac;
        if (b.active.equals(dev)) b.active = b.slaves.isEmpty() ? "" : b.slaves.get(0);
        if (b.primary.equals(dev)) b.primary = "";
    }

    /**
     * The guest rebooted: every link comes back with a new ifindex (none the same as before), NICs down and in no bond,
     * and {@code bondName} holds only {@code slave} again, active, as the guest's own configuration sets it up at boot.
     * Returns each old ifindex's new one.
     */
    public Map<Integer, Integer> reboot(String bondName, String slave) {
        Map<Integer, Integer> renumbered = new LinkedHashMap<>();
        List<Link> before = new ArrayList<>(links.values());
        nextIfindex += 100;
        links.clear();
        for (Link l : before) {
            Link again = new Link(nextIfindex++, l.name, l.permMac);
            again.kind = l.kind;
            again.lower = l.lower;
            again.pciSlot = l.pciSlot;
            again.up = l.kind != null || bonds.containsKey(l.name);
            again.addrs.addAll(l.addrs);
            links.put(again.name, again);
            renumbered.put(l.ifindex, again.ifindex);
        }
        for (Bond b : bonds.values()) {
            b.slaves.clear();
            b.active = "";
            b.primary = "";
            b.allSlavesActive = "0";
            b.mac = null;
        }
        enslave(slave, bondName);
        return renumbered;
    }

    public Optional<Link> byMac(String mac) {
        return links.values().stream().filter(l -> l.permMac.equals(mac) && l.kind == null).findFirst();
    }
}
