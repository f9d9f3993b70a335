package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Parses `grep -H "" FILE...` output ("path:value" per line) from the guest. */
final class SysfsParser {
    private SysfsParser() {}

    static Map<String, String> values(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String path = line.substring(0, colon);
            String file = path.substring(path.lastIndexOf('/') + 1);
            values.put(path.contains("/bonding_slave/") ? path : file, line.substring(colon + 1).strip());
        }
        return values;
    }

    /** Files' contents by path, as the agent read them, keyed like {@link #values} (by file name; a slave's attribute by path). */
    static Map<String, String> byFileName(Map<String, String> files) {
        Map<String, String> values = new LinkedHashMap<>();
        files.forEach((path, content) -> values.put(path.contains("/bonding_slave/") ? path : path.substring(path.lastIndexOf('/') + 1),
                content.strip()));
        return values;
    }

    /** The interfaces of `grep -H "" /sys/class/net/DEV/device/uevent...` output whose file exists: a device is behind them. */
    static java.util.Set<String> devicesPresent(String output) {
        java.util.Set<String> present = new java.util.HashSet<>();
        for (String line : output.split("\n")) {
            String[] parts = line.split("/", 7);
            if (parts.length == 7 && line.startsWith("/sys/class/net/") && parts[5].equals("device") && parts[6].startsWith("uevent:")) {
                present.add(parts[4]);
            }
        }
        return present;
    }

    static Optional<GuestInterfaceName> name(String value) {
        return value == null || value.isBlank() || !GuestInterfaceName.isValid(value.strip())
                ? Optional.empty() : Optional.of(new GuestInterfaceName(value.strip()));
    }
}
