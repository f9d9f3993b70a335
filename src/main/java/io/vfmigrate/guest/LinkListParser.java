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
 * <p>
 * iproute2 prints a link on one line of parts separated by "\" (one-line mode), in this order (checked on
 * iproute2 6.1, see the fixtures in src/test/resources/iproute2): the head (index, name, flags, master, state),
 * {@code link/TYPE MAC brd MAC [link-netns...]} with the details, then with details one part for the link kind
 * (vlan, bridge, veth, bond...) and one for the slave kind (bond_slave, bridge_slave), each ending with the
 * common details ({@code addrgenmode ... parentbus ... parentdev ...}), then {@code alias TEXT}, the {@code vf N}
 * lines and the {@code altname}s. Every field is read from the part it belongs to, never from the whole line,
 * and nothing from the alias on is read: an alias is the guest's free text (spaces, keywords, even "\").
 */
final class LinkListParser {
    private static final Pattern HEAD = Pattern.compile("^(\\d{1,9}):\\s+([^:\\s]+):\\s+<([^>]*)>(.*)$");
    private static final Pattern MASTER = Pattern.compile("\\smaster\\s+(\\S+)");
    private static final Pattern ETHER = Pattern.compile("^link/ether\\s+([0-9a-fA-F:]{17})(\\s|$)");
    private static final Pattern PERM = Pattern.compile("\\sperm_hwaddr\\s+([0-9a-fA-F:]{17})");
    private static final Pattern PARENT_DEVICE = Pattern.compile("(^|\\s)parentdev\\s+\\S");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,15}");

    private LinkListParser() {}

    static List<GuestLink> parse(String output) {
        List<GuestLink> links = new ArrayList<>();
        for (String line : output.split("\n")) {
            List<String> parts = parts(line.strip());
            Matcher head = HEAD.matcher(parts.get(0));
            if (!head.matches()) continue;
            String rawName = head.group(2);
            int at = rawName.indexOf('@');
            String name = at > 0 ? rawName.substring(0, at) : rawName;
            Optional<Mac> ether = ether(parts, head.group(4));
            if (!GuestInterfaceName.isValid(name) || ether.isEmpty()) continue;
            Matcher master = MASTER.matcher(head.group(4));
            List<String> flags = Arrays.asList(head.group(3).split(","));
            List<String> details = parts.subList(Math.min(2, parts.size()), parts.size());
            Optional<String> kind = kind(details);
            boolean isBond = flags.contains("MASTER") || kind.filter("bond"::equals).isPresent();
            Optional<GuestInterfaceName> masterName = master.find() && GuestInterfaceName.isValid(master.group(1))
                    ? Optional.of(new GuestInterfaceName(master.group(1))) : Optional.empty();
            Optional<Mac> perm = details.stream().filter(p -> p.startsWith("bond_slave")).findFirst()
                    .map(PERM::matcher).filter(Matcher::find).map(m -> m.group(1)).filter(Mac::isValid).map(Mac::parse);
            boolean permKnown = masterName.isEmpty() || perm.isPresent();
            Mac mac = ether.get();
            Mac permanent = masterName.isPresent() && permKnown ? perm.get() : mac;
            // a device behind it is known from iproute2's parentdev, or ruled out by a kind; else asked of sysfs
            boolean parentDevice = parts.subList(Math.min(1, parts.size()), parts.size()).stream().anyMatch(p -> PARENT_DEVICE.matcher(p).find());
            Optional<Boolean> device = kind.isPresent() || isBond ? Optional.of(false) : parentDevice ? Optional.of(true) : Optional.empty();
            links.add(new GuestLink(Integer.parseInt(head.group(1)), new GuestInterfaceName(name), mac, permanent, masterName, isBond,
                    flags.contains("UP"), permKnown, kind, device));
        }
        return links;
    }

    /** The line's parts up to (without) the alias: what follows {@code alias} is the guest's own text. */
    private static List<String> parts(String line) {
        List<String> parts = new ArrayList<>();
        for (String p : line.split("\\\\")) {
            String part = p.strip();
            if (!parts.isEmpty() && (part.equals("alias") || part.startsWith("alias "))) break;
            parts.add(part);
        }
        return parts;
    }

    /** The MAC of {@code link/ether}: iproute2's second part; busybox's plain form has it in the head's rest. */
    private static Optional<Mac> ether(List<String> parts, String headRest) {
        String where = parts.size() > 1 ? parts.get(1) : headRest.strip().replaceFirst("^.*?(?=link/ether\\s)", "");
        Matcher m = ETHER.matcher(where);
        return m.find() && Mac.isValid(m.group(1)) ? Optional.of(Mac.parse(m.group(1))) : Optional.empty();
    }

    /** The link kind: the first word of a detail part that is neither a slave kind nor an altname. */
    private static Optional<String> kind(List<String> details) {
        for (String part : details) {
            String first = part.split("\\s+", 2)[0];
            if (first.isEmpty() || first.endsWith("_slave") || first.equals("altname") || first.equals("vf")) continue;
            if (KIND.matcher(first).matches()) return Optional.of(first);
        }
        return Optional.empty();
    }
}
