package io.vfmigrate.ports;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Exclusive, expiring claims on a VM ("vm:NAME") or a VF ("vf:HOST/ID") by a run and its coordinator.
 * A claim held by another run, or by the same run under another (live) coordinator, can be taken over
 * only once it expired: a dead coordinator's run is resumed that way, a live one never stolen.
 */
public interface Leases {
    /** The key under which a run leases a VM. */
    static String vmKey(String vm) { return "vm:" + vm; }

    /** Takes the lease, or returns who holds it. */
    Optional<Holder> acquire(String key, String runId, String coordinator, Duration ttl);

    /** Extends every lease of the run. */
    void renew(String runId, Duration ttl);

    void release(String key, String runId);

    void releaseAll(String runId);

    Optional<Holder> holder(String key);

    record Holder(String key, String runId, String coordinator, Instant expires) {
        public String describe() {
            return key + " is held by run " + runId + " of coordinator " + coordinator + " until " + expires;
        }
    }
}
