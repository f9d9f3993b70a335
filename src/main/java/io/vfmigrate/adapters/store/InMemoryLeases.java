package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.Leases;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Leases within one process: for tests and dry runs. */
public final class InMemoryLeases implements Leases {
    private final Map<String, Holder> held = new HashMap<>();
    private final Clock clock;

    public InMemoryLeases(Clock clock) { this.clock = clock; }

    public synchronized Optional<Holder> acquire(String key, String runId, String coordinator, Duration ttl) {
        Holder current = held.get(key);
        boolean ours = current != null && current.runId().equals(runId) && current.coordinator().equals(coordinator);
        if (current != null && !ours && current.expires().isAfter(clock.instant())) return Optional.of(current);
        held.put(key, new Holder(key, runId, coordinator, clock.instant().plus(ttl)));
        return Optional.empty();
    }

    public synchronized void renew(String runId, Duration ttl) {
        held.replaceAll((k, h) -> h.runId().equals(runId) ? new Holder(k, runId, h.coordinator(), clock.instant().plus(ttl)) : h);
    }

    public synchronized void release(String key, String runId) {
        Holder h = held.get(key);
        if (h != null && h.runId().equals(runId)) held.remove(key);
    }

    public synchronized void releaseAll(String runId) { held.values().removeIf(h -> h.runId().equals(runId)); }

    public synchronized Optional<Holder> holder(String key) {
        Holder h = held.get(key);
        return h == null || !h.expires().isAfter(clock.instant()) ? Optional.empty() : Optional.of(h);
    }
}
