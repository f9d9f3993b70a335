package io.vfmigrate.cli.run;

import io.vfmigrate.app.run.NetworkProbe;
import io.vfmigrate.config.ConfigException;
import java.util.Optional;

/** {@code --probe HOST:IP}: an inventory host and an IPv4 address or an IPv6 one (no names: nothing is resolved). */
final class ProbeOption {
    private ProbeOption() {}

    static Optional<NetworkProbe.Target> parse(String value) {
        if (value == null) return Optional.empty();
        int colon = value.indexOf(':');
        if (colon <= 0) throw new ConfigException("--probe: expected HOST:IP, found '" + value + "'");
        String host = value.substring(0, colon);
        String ip = value.substring(colon + 1);
        boolean v4 = ip.matches("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
        boolean v6 = ip.matches("[0-9A-Fa-f:]{2,39}") && ip.contains(":");
        if (!v4 && !v6) throw new ConfigException("--probe: '" + ip + "' is not an IP address");
        return Optional.of(new NetworkProbe.Target(host, ip));
    }
}
