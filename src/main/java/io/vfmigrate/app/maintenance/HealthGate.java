package io.vfmigrate.app.maintenance;

import io.vfmigrate.app.Services;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Durations;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.ExecResult;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.VfPool;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A host's health after its hook, asked at once, then after 1, 2, 4 and 8 s and every {@link #INTERVAL} after that, until
 * it passes or the health timeout (a host whose daemons are back in a second passes in a second, not ten): libvirtd
 * answers, each network has as many VFs (free and used) as before the hook (a PF that is down, or came back with
 * fewer VFs, fails it), then the operator's {@code --health} command, run on the host, exits 0.
 */
final class HealthGate {
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** One try of the health command: it is asked again at the next interval. */
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Services s;

    HealthGate(Services s) { this.s = s; }

    Host connect(String host) { return s.connector().connect(s.inventory().host(host)); }

    /** The VFs of each network of the host: free, and held by its domains (running, or shut off and naming one). */
    Map<String, Integer> vfs(String host) { return vfs(connect(host)); }

    private static Map<String, Integer> vfs(Host h) {
        // the pools' own rule of what holds a VF (VfPool.free), so that free + held is every VF
        List<DomainDescription> domains = h.hypervisor().vfHoldingDomainXmls().stream().map(DomainDescription::parse).toList();
        Map<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, VfPool> e : h.vfPools().entrySet()) {
            int used = domains.stream().mapToInt(d -> e.getValue().attachedTo(d).size()).sum();
            counts.put(e.getKey(), e.getValue().free().size() + used);
        }
        return counts;
    }

    static String format(Map<String, Integer> vfs) {
        return String.join(",", vfs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    static Map<String, Integer> parse(String vfs) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String kv : vfs.split(",")) if (!kv.isEmpty()) counts.put(kv.substring(0, kv.indexOf('=')), Integer.parseInt(kv.substring(kv.indexOf('=') + 1)));
        return counts;
    }

    /** Empty once the host passed; else why it did not within {@code timeout} (the last try's reason). */
    Optional<String> await(String host, Map<String, Integer> before, Optional<List<String>> health, Duration timeout) {
        Instant deadline = s.clock().instant().plus(timeout);
        Duration pause = FIRST_PAUSE;
        while (true) {
            Optional<String> why = once(host, before, health);
            if (why.isEmpty()) return why;
            if (!s.clock().instant().plus(pause).isBefore(deadline)) {
                return Optional.of("not healthy within " + Durations.format(timeout) + ": " + why.get());
            }
            s.poll().sleep(pause, "the health gate of " + host);
            Duration doubled = pause.multipliedBy(2);
            pause = doubled.compareTo(INTERVAL) < 0 ? doubled : INTERVAL;
        }
    }

    private Optional<String> once(String host, Map<String, Integer> before, Optional<List<String>> health) {
        Map<String, Integer> now;
        Host h;
        try {
            h = connect(host);
            h.hypervisor().ping();
        } catch (FailureException e) {
            return Optional.of("libvirtd does not answer: " + e.failure().message());
        }
        try {
            now = vfs(h);
        } catch (FailureException e) {
            return Optional.of("cannot count its VFs: " + e.failure().message());
        }
        Map<String, Integer> missing = new LinkedHashMap<>();
        before.forEach((net, n) -> { if (!n.equals(now.getOrDefault(net, 0))) missing.put(net, n); });
        if (!missing.isEmpty()) {
            return Optional.of(String.join("; ", missing.entrySet().stream().map(e -> "network " + e.getKey() + " has "
                    + now.getOrDefault(e.getKey(), 0) + " VF(s), " + e.getValue() + " before the hook").toList()));
        }
        if (health.isEmpty()) return Optional.empty();
        try {
            ExecResult r = h.shell().run(health.get(), COMMAND_TIMEOUT);
            return r.ok() ? Optional.empty() : Optional.of("the health command exited with " + r.exitCode());
        } catch (FailureException e) {
            return Optional.of("the health command: " + e.failure().message());
        }
    }
}
