package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses `ip -o -d link show` (iproute2; busybox's plain form too) from an untrusted guest: a bond
 * slave's own MAC is its `perm_hwaddr`, since the bond rewrites its current one. Lines that do not parse, or
 * whose names or MACs are invalid, are skipped rather than trusted. With details, each line's parts after
 * the first two ("\" in one-line mode) start with the link kind (vlan, bridge, ipvlan, bond...), the slave
 * kind (bond_slave) or an altname; `parentbus ... parentdev ...` says a device is behind the link.
 */
final class LinkListParser {
    private static final Pattern HEAD = Pattern.compile("^(\\d{1,9}):\\s+([^:\\s]+):\\s+<([^>]*)>(.*)$");
    private static final Pattern MASTER = Pattern.compile("\\smaster\\s+(\\S+)");
    private static final Pattern ETHER = Pattern.compile("link/ether\\s+([0-9a-fA-F:]{17})");
    private static final Pattern PERM = Pattern.compile("\\sperm_hwaddr\\s+([0-9a-fA-F:]{17})");
    private static final Pattern PARENT_DEVICE = Pattern.compile("\\sparentdev\\s+\\S");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,15}");

    private LinkListParser() {}

    static List<GuestLink> parse(String output) {
        List<GuestLink> links = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher head = HEAD.matcher(line.strip());
            if (!head.matches()) continue;
            String rawName = head.group(2);
            int at = rawName.indexOf('@');
            String name = at > 0 ? rawName.substring(0, at) : rawName;
            Matcher ether = ETHER.matcher(line);
            if (!GuestInterfaceName.isValid(name) || !ether.find() || !Mac.isValid(ether.group(1))) continue;
            Matcher master = MASTER.matcher(head.group(4));
            List<String> flags = Arrays.asList(head.group(3).split(","));
            Optional<String> kind = kind(line);
            boolean isBond = flags.contains("MASTER") || kind.filter("bond"::equals).isPresent();
            Optional<GuestInterfaceName> masterName = master.find() && GuestInterfaceName.isValid(master.group(1))
                    ? Optional.of(new GuestInterfaceName(master.group(1))) : Optional.empty();
            Matcher perm = PERM.matcher(line);
            boolean permKnown = masterName.isEmpty() || perm.find() && Mac.isValid(perm.group(1));
            Mac mac = Mac.parse(ether.group(1));
            Mac permanent = masterName.isPresent() && permKnown ? Mac.parse(perm.group(1)) : mac;
            // a device behind it is known from iproute2's parentdev, or ruled out by a kind; else asked of sysfs
            Optional<Boolean> device = kind.isPresent() || isBond ? Optional.of(false)
                    : PARENT_DEVICE.matcher(line).find() ? Optional.of(true) : Optional.empty();
            links.add(new GuestLink(Integer.parseInt(head.group(1)), new GuestInterfaceName(name), mac, permanent, masterName, isBond,
                    flags.contains("UP"), permKnown, kind, device));
        }
        return links;
    }

    /** The link kind: the first word of a detail part that is neither a slave kind nor an altname. */
    private static Optional<String> kind(String line) {
        String[] parts = line.split("\\\\");
        for (int i = 2; i < parts.length; i++) {
            String first = parts[i].strip().split("\\s+", 2)[0];
            if (first.isEmpty() || first.endsWith("_slave") || first.equals("altname") || first.equals("vf")) continue;
            if (KIND.matcher(first).matches()) return Optional.of(first);
        }
        return Optional.empty();
    }
}
