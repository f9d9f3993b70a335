package io.vfmigrate.adapters.vfpool;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ip -d link show PF} reports for one VF, e.g.
 * {@code vf 3 link/ether 52:54:00:11:22:33 brd ff:ff:ff:ff:ff:ff, vlan 190, spoof checking on, link-state auto, trust off}
 * (older iproute2: {@code vf 3 MAC 52:54:00:11:22:33, vlan 190, spoof checking on, ...}). Absent parts stay empty.
 * iproute2 prints no {@code vlan} for a VF without one; a {@code vlan 0} is read as none too. Any other number is
 * kept as printed, even one that is no VLAN id: preflight refuses it naming the host, network and value.
 */
record VfLinkSettings(Optional<Integer> vlan, Optional<Boolean> spoofchk, Optional<Boolean> trust) {
    private static final Pattern VLAN = Pattern.compile("\\bvlan (\\d{1,9})\\b");
    private static final Pattern SPOOFCHK = Pattern.compile("\\bspoof checking (on|off)\\b");
    private static final Pattern TRUST = Pattern.compile("\\btrust (on|off)\\b");

    static final VfLinkSettings UNKNOWN = new VfLinkSettings(Optional.empty(), Optional.empty(), Optional.empty());

    static VfLinkSettings parse(String ipOutput, int vf) {
        Pattern line = Pattern.compile("^vf " + vf + "\\b");
        for (String text : ipOutput.split("\n")) {
            String trimmed = text.strip();
            if (!line.matcher(trimmed).find()) continue;
            Optional<Integer> vlan = group(VLAN, trimmed).map(Integer::parseInt).filter(v -> v != 0);
            return new VfLinkSettings(vlan, group(SPOOFCHK, trimmed).map("on"::equals), group(TRUST, trimmed).map("on"::equals));
        }
        return UNKNOWN;
    }

    private static Optional<String> group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
