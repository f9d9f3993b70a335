package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.HostFlags;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/** Disabled hosts within one process: for tests. */
public final class InMemoryHostFlags implements HostFlags {
    private final Map<String, Disabled> disabled = new TreeMap<>();
    private final Clock clock;

    public InMemoryHostFlags(Clock clock) { this.clock = clock; }

    public synchronized Map<String, Disabled> disabled() { return Map.copyOf(disabled); }

    public synchronized void disable(String host, String reason, String by) {
        disabled.putIfAbsent(host, new Disabled(host, reason, by, clock.instant()));
    }

    public synchronized void enable(String host) { disabled.remove(host); }
}
