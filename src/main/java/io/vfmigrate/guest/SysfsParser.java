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

    static Optional<GuestInterfaceName> name(String value) {
        return value == null || value.isBlank() || !GuestInterfaceName.isValid(value.strip())
                ? Optional.empty() : Optional.of(new GuestInterfaceName(value.strip()));
    }
}
