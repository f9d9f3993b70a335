package io.vfmigrate.fakes;

import java.util.List;

/** The few guest commands vfmigrate uses, interpreted against a {@link FakeGuest}. */
final class GuestShell {
    private GuestShell() {}

    /** A reply when the address is a peer and every bond's active slave has a data path (active-backup: it leaves there). */
    private static String ping(FakeGuest g, String address) {
        boolean through = g.bonds.values().stream().allMatch(b -> {
            FakeGuest.Link active = g.links.get(b.active);
            return active != null && active.up && !g.deadPath.test(active);
        });
        if (!g.peers.contains(address) || !through) throw new IllegalArgumentException("1 packets transmitted, 0 received");
        return "1 packets transmitted, 1 received";
    }

    static String run(FakeGuest g, List<String> a) {
        if (a.equals(List.of("ip", "-o", "-d", "link", "show"))) return links(g);
        if (a.size() == 6 && a.get(0).equals("ping")) return ping(g, a.get(5));
        if (a.size() == 6 && a.subList(0, 5).equals(List.of("ip", "-o", "addr", "show", "dev"))) return addrs(g, a.get(5));
        if (a.size() == 6 && a.subList(0, 3).equals(List.of("ip", "addr", "add")) && a.get(4).equals("dev")) {
            FakeGuest.Link l = g.links.get(a.get(5));
            if (l == null) throw new IllegalArgumentException("Cannot find device \"" + a.get(5) + "\"");
            if (l.addrs.contains(a.get(3))) throw new IllegalArgumentException("RTNETLINK answers: File exists");
            l.addrs.add(a.get(3));
            return "";
        }
        if (a.size() >= 2 && a.get(0).equals("grep") && a.get(1).equals("-H")) return grep(g, a.get(2), a.subList(3, a.size()));
        if (a.size() == 6 && a.subList(0, 4).equals(List.of("ip", "link", "set", "dev"))) {
            String dev = a.get(4);
            if (!g.links.containsKey(dev)) throw new IllegalArgumentException("Cannot find device \"" + dev + "\"");
            switch (a.get(5)) {
                case "up" -> { g.links.get(dev).up = true; return ""; }
                case "down" -> { g.links.get(dev).up = false; return ""; }
                case "nomaster" -> { g.release(dev); return ""; }
                default -> throw new IllegalArgumentException("unknown: " + a);
            }
        }
        if (a.size() == 7 && a.get(5).equals("master")) {
            g.enslave(a.get(4), a.get(6));
            return "";
        }
        if (a.size() >= 9 && a.size() % 2 == 1 && a.get(5).equals("type") && a.get(6).equals("bond")) {
            FakeGuest.Bond b = g.bonds.get(a.get(4));
            if (b == null) throw new IllegalArgumentException("no bond: " + a.get(4));
            for (int i = 7; i < a.size(); i += 2) bondOption(b, a.get(i), a.get(i + 1));
            return "";
        }
        throw new IllegalArgumentException("fake guest does not know: " + a);
    }

    /** In the kernel's order: active_slave, then primary (which re-selects the active slave), then all_slaves_active. */
    private static void bondOption(FakeGuest.Bond b, String option, String value) {
        switch (option) {
            case "active_slave", "primary" -> {
                if (!b.slaves.contains(value)) throw new IllegalArgumentException("not a slave: " + value);
                if (option.equals("primary")) b.primary = value;
                b.active = value;
            }
            case "all_slaves_active" -> {
                if (!value.equals("0") && !value.equals("1")) throw new IllegalArgumentException("bad all_slaves_active " + value);
                b.allSlavesActive = value;
            }
            default -> throw new IllegalArgumentException("unknown bond option " + option);
        }
    }

    private static String links(FakeGuest g) {
        StringBuilder out = new StringBuilder("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
        for (FakeGuest.Link l : g.links.values()) {
            boolean bond = g.bonds.containsKey(l.name);
            String state = l.up || bond ? ",UP,LOWER_UP" : "";
            String flags = bond ? "BROADCAST,MULTICAST,MASTER" + state
                    : l.master != null ? "BROADCAST,MULTICAST,SLAVE" + state : "BROADCAST,MULTICAST" + state;
            out.append(l.ifindex).append(": ").append(l.name).append(l.lower != null ? "@" + l.lower : "").append(": <").append(flags)
                    .append("> mtu 1500 qdisc pfifo_fast")
                    .append(l.master != null ? " master " + l.master : "")
                    .append(" state UP qlen 1000\\    link/ether ").append(l.mac).append(" brd ff:ff:ff:ff:ff:ff");
            if (!g.plainIp) {
                out.append(" promiscuity 0 minmtu 68 maxmtu 65535");
                if (bond) out.append(" \\    bond mode active-backup miimon 100");
                if (l.kind != null) out.append(" \\    ").append(l.kind).append(" mode l2");
                if (l.master != null) out.append(" \\    bond_slave state ACTIVE mii_status UP perm_hwaddr ").append(l.permMac).append(" queue_id 0");
                if (!bond && l.kind == null) out.append(" addrgenmode eui64 parentbus virtio parentdev virtio").append(l.ifindex);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String addrs(FakeGuest g, String dev) {
        FakeGuest.Link l = g.links.get(dev);
        if (l == null) throw new IllegalArgumentException("Device \"" + dev + "\" does not exist.");
        StringBuilder out = new StringBuilder();
        for (String a : l.addrs) {
            out.append(l.ifindex).append(": ").append(dev).append(a.contains(":") ? "    inet6 " : "    inet ").append(a)
                    .append(" scope global ").append(dev).append("\\       valid_lft forever preferred_lft forever\n");
        }
        out.append(l.ifindex).append(": ").append(dev).append("    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever\n");
        return out.toString();
    }

    /** {@code pattern}: the lines containing it ("" for all), each prefixed by its file's path as {@code grep -H} does. */
    private static String grep(FakeGuest g, String pattern, List<String> paths) {
        StringBuilder out = new StringBuilder();
        for (String line : grep(g, paths).split("\n")) {
            if (!line.isEmpty() && line.substring(line.indexOf(':') + 1).contains(pattern)) out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String grep(FakeGuest g, List<String> paths) {
        StringBuilder out = new StringBuilder();
        for (String p : paths) {
            String[] parts = p.split("/");
            String dev = parts[4];
            if (parts.length == 6) {   // /sys/class/net/DEV/{ifindex,address,flags}
                FakeGuest.Link l = g.links.get(dev);
                if (l == null) throw new IllegalArgumentException("grep: " + p + ": No such file or directory");
                String value = switch (parts[5]) {
                    case "ifindex" -> String.valueOf(l.ifindex);
                    case "address" -> l.mac;
                    case "flags" -> l.up || g.bonds.containsKey(dev) ? "0x1003" : "0x1002";
                    default -> throw new IllegalArgumentException("grep: " + p + ": No such file or directory");
                };
                out.append(p).append(':').append(value).append('\n');
                continue;
            }
            if (p.endsWith("/device/../uevent")) {   // a virtio NIC's PCI function
                FakeGuest.Link l = g.links.get(dev);
                if (l != null && l.kind == null && !g.bonds.containsKey(dev) && l.pciSlot != null) {
                    out.append(p).append(":PCI_SLOT_NAME=").append(l.pciSlot).append('\n');
                }
                continue;
            }
            String file = parts[6];
            if (p.endsWith("/device/uevent")) {
                FakeGuest.Link l = g.links.get(dev);
                if (l != null && l.kind == null && !g.bonds.containsKey(dev)) out.append(p).append(":DRIVER=virtio_net\n");
                continue;
            }
            if (p.contains("/bonding_slave/")) {
                FakeGuest.Link l = g.links.get(dev);
                if (l != null && l.master != null) out.append(p).append(':').append(l.permMac).append('\n');
                continue;
            }
            FakeGuest.Bond b = g.bonds.get(dev);
            if (b == null) throw new IllegalArgumentException("grep: " + p + ": No such file or directory");
            String value = switch (file) {
                case "mode" -> b.mode;
                case "active_slave" -> b.active;
                case "primary" -> b.primary;
                case "slaves" -> String.join(" ", b.slaves);
                case "all_slaves_active" -> b.allSlavesActive;
                default -> "";
            };
            out.append(p).append(':').append(value).append('\n');
        }
        return out.toString();
    }
}
