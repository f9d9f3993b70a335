package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The guest commands vfmigrate issues, as argument vectors built from validated names only. */
public final class GuestCommands {
    private GuestCommands() {}

    /**
     * One echo request, its reply awaited 1 s (exit 0: it came); the same options mean the same in iputils' and
     * busybox's ping. Through a bond in active-backup mode it leaves by the active slave only, so a reply proves that
     * slave's data path.
     */
    public static List<String> probe(String address) { return List.of("ping", "-c", "1", "-W", "1", address); }

    /** How many times {@link #probe} is sent before the address counts as unreachable. */
    public static final int PROBE_TRIES = 3;

    public static List<String> listLinks() { return List.of("ip", "-o", "-d", "link", "show"); }

    public static List<String> linkUp(GuestInterfaceName dev) { return List.of("ip", "link", "set", "dev", dev.value(), "up"); }

    public static List<String> addresses(GuestInterfaceName dev) { return List.of("ip", "-o", "addr", "show", "dev", dev.value()); }

    /** {@code cidr} as {@link AddressListParser} validated it. */
    public static List<String> addAddress(GuestInterfaceName dev, String cidr) { return List.of("ip", "addr", "add", cidr, "dev", dev.value()); }

    public static List<String> linkDown(GuestInterfaceName dev) { return List.of("ip", "link", "set", "dev", dev.value(), "down"); }

    public static List<String> enslave(GuestInterfaceName dev, GuestInterfaceName bond) {
        return List.of("ip", "link", "set", "dev", dev.value(), "master", bond.value());
    }

    /**
     * A guest-side watcher, started before a VF is attached: it waits (netlink, no polling) for a new NIC with MAC
     * {@code $1} whose ifindex is none of {@code $3} and enslaves it in bond {@code $2} at once, then prints "IFINDEX NAME",
     * ends its monitor and exits 0. It only ever writes "+NAME" to the bond's slaves file, which the kernel refuses for a
     * NIC that is up or a slave already: a NIC that something brought up is left to the step; one that something else
     * enslaved (the step, having given up waiting for the watcher) ends it, exit 3, so that no watcher outlives its attach
     * and takes the next move's temporary port. Exit 1 when none came within {@code $4} seconds. NICs already there when
     * it starts are looked at once, after the monitor has had 50 ms to subscribe (events are read only from then on).
     * Arguments are validated values; the script itself is constant. A fifth argument, for tests only, replaces
     * /sys/class/net.
     */
    public static List<String> enslaveOnArrival(Mac mac, GuestInterfaceName bond, Collection<Integer> known, long seconds) {
        StringBuilder k = new StringBuilder();
        known.stream().sorted().forEach(i -> k.append(k.length() == 0 ? "" : " ").append(i));
        return List.of("sh", "-c", ENSLAVE_ON_ARRIVAL, "vfmigrate-enslave", mac.value(), bond.value(), k.toString(), Long.toString(seconds));
    }

    static final String ENSLAVE_ON_ARRIVAL = String.join("\n",
            "m=$1 b=$2 k=\" $3 \" s=${5:-/sys/class/net}",
            "take() {",
            "  case \"$k\" in *\" $1 \"*) return 1;; esac",
            "  d=$s/$2",
            "  [ -e \"$d/device\" ] && read -r a < \"$d/address\" && [ \"$a\" = \"$m\" ] || return 1",
            "  [ -e \"$d/master\" ] && exit 3",
            "  read -r f < \"$d/flags\" && [ $((f & 1)) -eq 0 ] || return 1",
            "  echo \"+$2\" > \"$s/$b/bonding/slaves\" || return 1",
            "  echo \"$1 $2\"",
            "}",
            "{ timeout \"$4\" ip -o monitor link & echo \"pid $!\"; wait; } | {",
            "  trap 'kill \"$p\" 2> /dev/null' EXIT",
            "  while read -r i n r; do",
            "    if [ \"$i\" = pid ]; then",
            "      p=$n; sleep 0.05",
            "      for d in \"$s\"/*; do read -r i < \"$d/ifindex\" && take \"$i\" \"${d##*/}\" && exit 0; done",
            "    elif [ -n \"$p\" ]; then",
            "      n=${n%:}",
            "      case \"$r\" in *\"link/ether $m \"*) take \"${i%:}\" \"${n%%@*}\" && exit 0;; esac",
            "    fi",
            "  done",
            "  exit 1",
            "}") + "\n";

    public static List<String> release(GuestInterfaceName dev) { return List.of("ip", "link", "set", "dev", dev.value(), "nomaster"); }

    public static List<String> primary(GuestInterfaceName bond, GuestInterfaceName dev) {
        return List.of("ip", "link", "set", "dev", bond.value(), "type", "bond", "primary", dev.value());
    }

    /**
     * One command that makes {@code dev} the active slave (and the primary too, with {@code alsoPrimary})
     * and sets all_slaves_active (frames arriving on an inactive slave are delivered while it is 1).
     */
    public static List<String> switchActive(GuestInterfaceName bond, GuestInterfaceName dev, boolean alsoPrimary, Optional<Boolean> allSlavesActive) {
        List<String> argv = new ArrayList<>(List.of("ip", "link", "set", "dev", bond.value(), "type", "bond", "active_slave", dev.value()));
        if (alsoPrimary) argv.addAll(List.of("primary", dev.value()));
        allSlavesActive.ifPresent(on -> argv.addAll(List.of("all_slaves_active", on ? "1" : "0")));
        return List.copyOf(argv);
    }

    public static List<String> readBond(GuestInterfaceName bond) {
        List<String> argv = new ArrayList<>(List.of("grep", "-H", ""));
        argv.addAll(bondFiles(bond));
        return List.copyOf(argv);
    }

    /** The sysfs attributes of a bond that vfmigrate reads. */
    public static List<String> bondFiles(GuestInterfaceName bond) {
        return List.of(bondFile(bond, "mode"), bondFile(bond, "active_slave"), bondFile(bond, "primary"), bondFile(bond, "slaves"),
                bondFile(bond, "all_slaves_active"));
    }

    public static String bondFile(GuestInterfaceName bond, String attribute) {
        return "/sys/class/net/" + bond.value() + "/bonding/" + attribute;
    }

    public static List<String> readPermanentMacs(List<GuestInterfaceName> slaves) {
        List<String> argv = new ArrayList<>(List.of("grep", "-H", ""));
        for (GuestInterfaceName s : slaves) argv.add("/sys/class/net/" + s.value() + "/bonding_slave/perm_hwaddr");
        return argv;
    }

    /** Lists the uevent of the device behind each link; a link without one (vlan, bridge, ipvlan, bond) prints nothing. */
    public static List<String> readDevices(List<GuestInterfaceName> links) {
        List<String> argv = new ArrayList<>(List.of("grep", "-H", ""));
        for (GuestInterfaceName l : links) argv.add("/sys/class/net/" + l.value() + "/device/uevent");
        return argv;
    }

    /** The PCI_SLOT_NAME lines of uevent files (paths built from validated names); a missing file prints nothing. */
    static List<String> grepPciSlots(List<String> uevents) {
        List<String> argv = new ArrayList<>(List.of("grep", "-H", "PCI_SLOT_NAME="));
        argv.addAll(uevents);
        return List.copyOf(argv);
    }

    /** For people: the argv as a shell would show it (guest commands are never run through a shell). */
    public static String render(List<String> argv) {
        StringBuilder out = new StringBuilder();
        for (String a : argv) {
            if (out.length() > 0) out.append(' ');
            out.append(a.matches("[A-Za-z0-9_./:@=<>+-]+") || a.startsWith("<") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return out.toString();
    }
}
