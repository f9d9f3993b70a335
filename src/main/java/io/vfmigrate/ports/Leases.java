package io.vfmigrate.ports;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Exclusive, expiring claims on a VM ("vm:NAME") or a VF ("vf:HOST/ID") by a run and its coordinator.
 * A claim held by another run, or by the same run under another (live) coordinator, can be taken over
 * only once it expired, or at once when its holder is known dead: a dead coordinator's run is resumed
 * that way, a live one never stolen. Every take-over increments the lease's generation: a run's VM
 * lease with its generation is the run's {@link Fence}, which its renewals and journal writes check.
 */
public interface Leases {
    /** The key under which a run leases a VM. */
    static String vmKey(String vm) { return "vm:" + vm; }

    /** Takes the lease, or returns who holds it. */
    Optional<Holder> acquire(String key, String runId, String coordinator, Duration ttl);

    /**
     * Takes the lease from a holder known to be dead (its process is gone) without waiting for it to
     * expire; only while that very holder (same coordinator and generation) still holds it. Otherwise as
     * {@link #acquire}.
     */
    Optional<Holder> takeOver(String key, Holder dead, String runId, String coordinator, Duration ttl);

    /** The fence of the lease, when that run and coordinator hold it now (expired but not taken over counts). */
    Optional<Fence> fence(String key, String runId, String coordinator);

    /**
     * Extends every lease the fence's run holds under the fence's coordinator, if the fence is still
     * current; returns false, and extends nothing, when the lease was taken over or released.
     */
    boolean renew(Fence fence, Duration ttl);

    void release(String key, String runId);

    /** Releases the fenced lease only, and only while the fence is current. */
    void release(Fence fence);

    void releaseAll(String runId);

    Optional<Holder> holder(String key);

    record Holder(String key, String runId, String coordinator, Instant expires, long generation) {
        public String describe() {
            return key + " is held by run " + runId + " of coordinator " + coordinator + " until " + expires;
        }

        public Fence fence() { return new Fence(key, runId, coordinator, generation); }
    }

    /** A fencing token: who must still hold the lease, at which generation, for a write to be accepted. */
    record Fence(String key, String runId, String coordinator, long generation) {}
}
