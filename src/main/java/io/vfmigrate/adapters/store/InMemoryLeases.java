package io.vfmigrate.adapters.store;

import io.vfmigrate.ports.Leases;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Leases within one process, with the same fencing as the durable ones: for tests and dry runs. */
public final class InMemoryLeases implements Leases {
    private final Map<String, Holder> held = new HashMap<>();
    private final Clock clock;

    public InMemoryLeases(Clock clock) { this.clock = clock; }

    public synchronized Optional<Holder> acquire(String key, String runId, String coordinator, Duration ttl) {
        return take(key, null, runId, coordinator, ttl);
    }

    public synchronized Optional<Holder> takeOver(String key, Holder dead, String runId, String coordinator, Duration ttl) {
        return take(key, dead, runId, coordinator, ttl);
    }

    private Optional<Holder> take(String key, Holder dead, String runId, String coordinator, Duration ttl) {
        Holder current = held.get(key);
        boolean ours = current != null && current.runId().equals(runId) && current.coordinator().equals(coordinator);
        boolean deadOne = current != null && dead != null && current.coordinator().equals(dead.coordinator())
                && current.generation() == dead.generation();
        if (current != null && !ours && !deadOne && current.expires().isAfter(clock.instant())) return Optional.of(current);
        long generation = current == null ? 1 : ours ? current.generation() : current.generation() + 1;
        held.put(key, new Holder(key, runId, coordinator, clock.instant().plus(ttl), generation));
        return Optional.empty();
    }

    public synchronized Optional<Fence> fence(String key, String runId, String coordinator) {
        return Optional.ofNullable(held.get(key)).filter(h -> h.runId().equals(runId) && h.coordinator().equals(coordinator))
                .map(Holder::fence);
    }

    public synchronized boolean renew(Fence fence, Duration ttl) {
        if (!isCurrent(fence)) return false;
        held.replaceAll((k, h) -> h.runId().equals(fence.runId()) && h.coordinator().equals(fence.coordinator())
                ? new Holder(k, h.runId(), h.coordinator(), clock.instant().plus(ttl), h.generation()) : h);
        return true;
    }

    public synchronized void release(String key, String runId) {
        Holder h = held.get(key);
        if (h != null && h.runId().equals(runId)) held.remove(key);
    }

    public synchronized void release(Fence fence) {
        if (isCurrent(fence)) held.remove(fence.key());
    }

    public synchronized void releaseAll(String runId) { held.values().removeIf(h -> h.runId().equals(runId)); }

    public synchronized Optional<Holder> holder(String key) {
        Holder h = held.get(key);
        return h == null || !h.expires().isAfter(clock.instant()) ? Optional.empty() : Optional.of(h);
    }

    /** Whether the fence still holds its lease; the in-memory journal checks it under this object's lock. */
    synchronized boolean isCurrent(Fence fence) {
        Holder h = held.get(fence.key());
        return h != null && h.fence().equals(fence);
    }

    /** Whether the run holds some live lease under this coordinator (a move slot lives that long). */
    synchronized boolean holdsLive(String runId, String coordinator) {
        return held.values().stream().anyMatch(h -> h.runId().equals(runId) && h.coordinator().equals(coordinator)
                && h.expires().isAfter(clock.instant()));
    }

    /** Who holds the lease now, expired or not: for the message of a lost lease. */
    synchronized Optional<Holder> owner(String key) { return Optional.ofNullable(held.get(key)); }
}
