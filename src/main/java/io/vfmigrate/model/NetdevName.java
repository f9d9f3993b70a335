package io.vfmigrate.model;

import java.util.regex.Pattern;

/**
 * A host network device name (a PF, a bridge, a macvtap lower device) as it goes into a host command
 * line ({@code ip link set dev NAME}, {@code ovs-vsctl br-exists NAME}), a sysfs path
 * ({@code /sys/class/net/NAME/...}) or a remote shell line through ssh: 1 to 15 characters of
 * {@code [A-Za-z0-9_.:@-]}, not starting with '-' (it would be read as an option) and not "." or ".."
 * (a path). These characters mean nothing to a shell.
 */
public record NetdevName(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    public NetdevName {
        String problem = problem(value);
        if (problem != null) throw new IllegalArgumentException("not a network device name: " + Printable.quote(value) + " (" + problem + ")");
    }

    /** Checks {@code value}, naming what it is for in the message ({@code "PF of host-a/physnet0"}). */
    public static NetdevName of(String value, String what) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(what + ": not a network device name: " + Printable.quote(value) + " (" + problem + ")");
        }
        return new NetdevName(value);
    }

    public static boolean isValid(String value) { return problem(value) == null; }

    /** Why {@code value} is not a device name ("starts with '-'", ...), or empty when it is one. */
    public static java.util.Optional<String> whyNot(String value) { return java.util.Optional.ofNullable(problem(value)); }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) return "empty";
        if (!FORMAT.matcher(value).matches()) return "1 to 15 characters of A-Z a-z 0-9 _ . : @ -";
        if (value.startsWith("-")) return "starts with '-'";
        if (value.equals(".") || value.equals("..")) return "a path component";
        return null;
    }

    @Override public String toString() { return value; }
}
