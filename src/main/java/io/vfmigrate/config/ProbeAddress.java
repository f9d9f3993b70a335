package io.vfmigrate.config;

import java.util.regex.Pattern;

/** A probe address as the inventory takes it: an IPv4 or IPv6 literal, never a name to resolve. */
final class ProbeAddress {
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}(%[A-Za-z0-9_.-]{1,15})?");

    private ProbeAddress() {}

    static boolean isLiteral(String text) {
        if (IPV4.matcher(text).matches()) return true;
        if (!IPV6.matcher(text).matches() || !text.contains(":")) return false;
        try {
            // a literal with colons is parsed, never looked up
            return java.net.InetAddress.getByName(text.replaceAll("%.*", "")) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
