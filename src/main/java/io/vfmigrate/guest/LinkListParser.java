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
 * whose names or MACs are invalid, are skipped rather than trusted.
 */
final class LinkListParser {
    private static final Pattern HEAD = Pattern.compile("^(\\d{1,9}):\\s+([^:\\s]+):\\s+<([^>]*)>(.*)$");
    private static final Pattern MASTER = Pattern.compile("\\smaster\\s+(\\S+)");
    private static final Pattern ETHER = Pattern.compile("link/ether\\s+([0-9a-fA-F:]{17})");
    private static final Pattern PERM = Pattern.compile("\\sperm_hwaddr\\s+([0-9a-fA-F:]{17})");

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
            boolean isBond = flags.contains("MASTER");
            Optional<GuestInterfaceName> masterName = master.find() && GuestInterfaceName.isValid(master.group(1))
                    ? Optional.of(new GuestInterfaceName(master.group(1))) : Optional.empty();
            Matcher perm = PERM.matcher(line);
            boolean permKnown = masterName.isEmpty() || perm.find() && Mac.isValid(perm.group(1));
            Mac mac = Mac.parse(ether.group(1));
            Mac permanent = masterName.isPresent() && permKnown ? Mac.parse(perm.group(1)) : mac;
            links.add(new GuestLink(Integer.parseInt(head.group(1)), new GuestInterfaceName(name), mac, permanent, masterName, isBond,
                    flags.contains("UP"), permKnown));
        }
        return links;
    }
}
