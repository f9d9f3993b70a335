package io.vfmigrate.model;

import java.util.regex.Pattern;

/** An interface name reported by the (untrusted) guest; only this form is ever put into a guest command. */
public record GuestInterfaceName(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    public GuestInterfaceName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("guest reported an invalid interface name: " + Printable.quote(value));
        }
    }

    public static boolean isValid(String text) {
        // "." and ".." would make a sysfs path of the guest commands point elsewhere
        return text != null && FORMAT.matcher(text).matches() && !text.startsWith("-") && !text.equals(".") && !text.equals("..");
    }

    @Override public String toString() { return value; }
}
