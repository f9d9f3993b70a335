package io.vfmigrate.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a host names the 802.1Q device of a VLAN over a macvtap's device (the inventory's {@code vlan-dev}):
 * text with the placeholders {@code {dev}} (the macvtap's {@code dev}, usually the PF) and {@code {vlan}}
 * (the VLAN id), {@code {dev}.{vlan}} by default, as {@code ip link add link PF name PF.100 type vlan id 100}
 * names it. Checked when the inventory is read: only those two placeholders, {@code {vlan}} present, and
 * otherwise only characters of a device name. Whether a name it gives fits (15 characters at most) depends
 * on the VLAN: {@link #expand} checks that, and preflight refuses a VF whose VLAN gives no device name.
 */
public record VlanDevicePattern(String value) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_.:@-]*");
    /** The usual 802.1Q device over the PF: {@code enp129s0f0.100}. */
    public static final VlanDevicePattern DEFAULT = new VlanDevicePattern("{dev}.{vlan}");

    public VlanDevicePattern {
        String problem = problem(value);
        if (problem != null) throw new IllegalArgumentException("vlan-dev " + Printable.quote(value) + ": " + problem);
    }

    /** Why {@code value} is no pattern ("{pf} is not a placeholder ..."), or empty when it is one. */
    public static Optional<String> whyNot(String value) { return Optional.ofNullable(problem(value)); }

    /** The device name for this VLAN over {@code dev}; throws naming the pattern, the VLAN and the name when it is no device name. */
    public NetdevName expand(String dev, int vlan) {
        VfSettings.requireVlanId(vlan, "vlan-dev " + value);
        String name = value.replace("{dev}", dev).replace("{vlan}", Integer.toString(vlan));
        Optional<String> why = NetdevName.whyNot(name);
        if (why.isPresent()) {
            throw new IllegalArgumentException("vlan-dev " + Printable.quote(value) + " gives " + Printable.quote(name) + " for VLAN " + vlan
                    + " over " + dev + ": not a network device name (" + why.get() + ")");
        }
        return new NetdevName(name);
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) return "empty";
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder literal = new StringBuilder();
        boolean hasVlan = false;
        int end = 0;
        while (m.find()) {
            if (!m.group(1).equals("dev") && !m.group(1).equals("vlan")) {
                return "{" + m.group(1) + "} is not a placeholder (only {dev} and {vlan})";
            }
            hasVlan |= m.group(1).equals("vlan");
            literal.append(value, end, m.start());
            end = m.end();
        }
        literal.append(value.substring(end));
        if (!LITERAL.matcher(literal).matches()) return "its text besides {dev} and {vlan} must be characters of a device name (A-Z a-z 0-9 _ . : @ -)";
        if (!hasVlan) return "no {vlan}: every VLAN would get the same device";
        if (value.startsWith("-")) return "starts with '-'";
        return null;
    }

    @Override public String toString() { return value; }
}
