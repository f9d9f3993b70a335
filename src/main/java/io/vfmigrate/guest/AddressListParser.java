package io.vfmigrate.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses {@code ip -o addr show dev X}: the global addresses (IPv4 and IPv6, with their prefix) of the
 * link, the ones an operator configured (link-local ones come back by themselves). Guest output is
 * untrusted: only tokens that look like an address with a prefix are kept.
 */
public final class AddressListParser {
    private static final Pattern CIDR = Pattern.compile("[0-9a-fA-F:.]{2,45}/\\d{1,3}");

    private AddressListParser() {}

    public static List<String> globalAddresses(String output) {
        List<String> out = new ArrayList<>();
        for (String line : output.split("\\R")) {
            String[] t = line.trim().split("\\s+");
            for (int i = 0; i + 1 < t.length; i++) {
                if ((t[i].equals("inet") || t[i].equals("inet6")) && CIDR.matcher(t[i + 1]).matches() && isGlobal(t)) out.add(t[i + 1]);
            }
        }
        return List.copyOf(out);
    }

    private static boolean isGlobal(String[] tokens) {
        for (int i = 0; i + 1 < tokens.length; i++) if (tokens[i].equals("scope")) return tokens[i + 1].equals("global");
        return false;
    }
}
