package io.vfmigrate.model;

import java.util.Locale;
import java.util.regex.Pattern;

/** A MAC address, parsed and normalised (lower case, colon separated); rejects anything else. */
public record Mac(String value) {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public Mac {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a MAC address: " + Printable.quote(value));
        }
    }

    public static Mac parse(String text) {
        if (text == null) throw new IllegalArgumentException("not a MAC address: null");
        return new Mac(text.trim().toLowerCase(Locale.ROOT).replace('-', ':'));
    }

    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT)).matches();
    }

    @Override public String toString() { return value; }
}
