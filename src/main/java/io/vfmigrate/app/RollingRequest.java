package io.vfmigrate.app;

import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.Inventory;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.ExecLine;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator asked of `rolling`: the hosts in order, the hook and health command lines (split as
 * {@link ExecLine} splits them), their timeouts, the evacuation's options for each host ({@code evacuation}'s host
 * is replaced by each host's), how many hosts may fail before the rolling stops, and whether the hook may run twice.
 * Kept as string options by the rolling's record (and by a scheduled rolling), so that `resume` goes on with the same.
 * Shared by `rolling` and `schedule add --rolling`.
 */
public record RollingRequest(List<String> hosts, String hook, Duration hookTimeout, Optional<String> health, Duration healthTimeout,
                             EvacuationRequestSpec evacuation, int maxFailedHosts, boolean hookIdempotent) {
    public static final Duration HOOK_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(15);

    public RollingRequest {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) throw new IllegalArgumentException("a rolling needs at least one host");
        if (new LinkedHashSet<>(hosts).size() != hosts.size()) throw new IllegalArgumentException("a host twice in " + hosts);
        ExecLine.split(hook);
        health.ifPresent(ExecLine::split);
        if (maxFailedHosts < 0) throw new IllegalArgumentException("max failed hosts " + maxFailedHosts + " < 0");
    }

    /**
     * Checks it against {@code inventory}: every host and destination known, and no host whose evacuation would have nowhere to
     * go (a {@code --to} that names only that host); a {@link ConfigException} names what is wrong.
     */
    public void check(Inventory inventory) {
        for (String to : evacuation.to()) inventory.host(to);
        for (String host : hosts) {
            inventory.host(host);
            if (!evacuation.to().isEmpty() && evacuationOf(host).to().isEmpty()) {
                throw new ConfigException("--to names only " + host + ", which the rolling evacuates: its VMs would have nowhere to go; "
                        + "nothing was changed");
            }
        }
    }

    /** The same request over other hosts (`--all` read again when a scheduled rolling starts). */
    public RollingRequest withHosts(List<String> others) {
        return new RollingRequest(others, hook, hookTimeout, health, healthTimeout, evacuation, maxFailedHosts, hookIdempotent);
    }

    public List<String> hookArgv() { return ExecLine.split(hook); }

    public Optional<List<String>> healthArgv() { return health.map(ExecLine::split); }

    /** The evacuation of {@code host}: the options asked, its {@code --to} without the host itself. */
    public EvacuationRequestSpec evacuationOf(String host) {
        Set<String> to = new LinkedHashSet<>(evacuation.to());
        to.remove(host);
        return new EvacuationRequestSpec(host, to, evacuation.parallel(), evacuation.maxPerDestination(), evacuation.workflow(),
                evacuation.skipUnplaceable(), evacuation.allowOutage());
    }

    /** The options as the record keeps them. */
    public Map<String, String> options() {
        Map<String, String> p = new HashMap<>(evacuation.options());
        p.put("hosts", String.join(",", hosts));
        p.put("hook", hook);
        p.put("hook-timeout", Durations.format(hookTimeout));
        health.ifPresent(h -> p.put("health", h));
        p.put("health-timeout", Durations.format(healthTimeout));
        p.put("max-failed-hosts", String.valueOf(maxFailedHosts));
        p.put("hook-idempotent", String.valueOf(hookIdempotent));
        return p;
    }

    /** The request that {@link #options()} kept. */
    public static RollingRequest of(Map<String, String> p) {
        return new RollingRequest(List.of(p.get("hosts").split(",")), p.get("hook"), Durations.parse(p.get("hook-timeout")),
                Optional.ofNullable(p.get("health")), Durations.parse(p.get("health-timeout")), EvacuationRequestSpec.of(p),
                Integer.parseInt(p.get("max-failed-hosts")), Boolean.parseBoolean(p.get("hook-idempotent")));
    }
}
