package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.JournalEntry.Kind;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.LeaseLostException;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.Leases.Fence;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Lease fencing: generations, fenced renewals and fenced journal writes, take-over from a dead holder.
 * Run on the in-memory fakes, on SQLite and on PostgreSQL by the subclasses.
 */
abstract class FencingContract extends StoreFixture {
    private static final Duration TTL = Duration.ofSeconds(60);

    protected record Store(Leases leases, Journal journal) {}

    protected Store store() {
        StateStore s = open();
        return new Store(s.leases(), s.journal());
    }

    private Fence take(Leases leases, String runId, String coordinator) {
        assertEquals(Optional.empty(), leases.acquire("vm:web-1", runId, coordinator, TTL));
        return leases.fence("vm:web-1", runId, coordinator).orElseThrow();
    }

    private RunRecord run() {
        return new RunRecord("r1", "web-1", "hostA", "hostB", "naive", Map.of(), RunState.PENDING, "coord-1", clock.instant(), clock.instant());
    }

    private JournalEntry entry(String detail) { return new JournalEntry(clock.instant(), Kind.STATE, -1, "", detail, Map.of()); }

    @Test
    void everyTakeOverIncrementsTheGenerationAndRenewingByTheHolderKeepsIt() {
        Leases leases = store().leases();
        assertEquals(1, take(leases, "r1", "coord-1").generation());
        clock.sleep(Duration.ofSeconds(10));
        assertEquals(1, take(leases, "r1", "coord-1").generation());
        clock.sleep(TTL);
        assertEquals(2, take(leases, "r1", "coord-2").generation());
        clock.sleep(TTL);
        assertEquals(3, take(leases, "r2", "coord-3").generation());
    }

    @Test
    void aRenewalAfterATakeOverIsRefusedAndExtendsNothing() {
        Leases leases = store().leases();
        Fence old = take(leases, "r1", "coord-1");
        leases.acquire("vf:hostB/1", "r1", "coord-1", TTL);
        clock.sleep(TTL);
        Fence current = take(leases, "r1", "coord-2");
        var vfExpiry = clock.instant();
        assertFalse(leases.renew(old, TTL), "the frozen coordinator's renewal");
        assertTrue(leases.holder("vf:hostB/1").isEmpty(), "its VF lease was not extended: expired at " + vfExpiry);
        assertEquals("coord-2", leases.holder("vm:web-1").orElseThrow().coordinator());
        assertTrue(leases.renew(current, TTL));
    }

    @Test
    void aLateRenewalOfALeaseNobodyTookIsAccepted() {
        Leases leases = store().leases();
        Fence fence = take(leases, "r1", "coord-1");
        clock.sleep(TTL.plusSeconds(5));
        assertTrue(leases.renew(fence, TTL));
        assertEquals(clock.instant().plus(TTL), leases.holder("vm:web-1").orElseThrow().expires());
    }

    @Test
    void fencedJournalWritesAreAcceptedWhileTheFenceIsCurrentAndRefusedAfterATakeOver() {
        Store s = store();
        Fence old = take(s.leases(), "r1", "coord-1");
        Journal fenced = s.journal().fenced(old);
        fenced.create(run());
        fenced.append("r1", entry("step 1 by coord-1"));
        fenced.updateState("r1", RunState.RUNNING);
        clock.sleep(TTL);
        take(s.leases(), "r1", "coord-2");

        LeaseLostException e = assertThrows(LeaseLostException.class, () -> fenced.append("r1", entry("step 2 by coord-1")));
        assertMentions(e.getMessage(), "lost the lease of run r1 to coordinator coord-2", "stopping: nothing more is done by this process");
        assertThrows(LeaseLostException.class, () -> fenced.updateState("r1", RunState.COMPENSATING));
        assertEquals(1, s.journal().entries("r1").size(), "nothing written after the take-over");
        assertEquals(RunState.RUNNING, s.journal().find("r1").orElseThrow().state());
        s.journal().fenced(s.leases().fence("vm:web-1", "r1", "coord-2").orElseThrow()).append("r1", entry("step 2 by coord-2"));
        assertEquals("step 2 by coord-2", s.journal().entries("r1").get(1).detail());
    }

    @Test
    void aFencedWriteAfterTheLeaseWasReleasedIsRefused() {
        Store s = store();
        Fence fence = take(s.leases(), "r1", "coord-1");
        s.journal().fenced(fence).create(run());
        s.leases().releaseAll("r1");
        LeaseLostException e = assertThrows(LeaseLostException.class, () -> s.journal().fenced(fence).append("r1", entry("late")));
        assertMentions(e.getMessage(), "lost the lease of run r1 to another coordinator (the lease is no longer held; the run is PENDING now)");
        assertTrue(s.journal().entries("r1").isEmpty());
    }

    @Test
    void aDeadHolderIsTakenOverAtOnceButOnlyWhileItStillHoldsTheLease() {
        Leases leases = store().leases();
        take(leases, "r1", "host:100:5");
        Leases.Holder dead = leases.holder("vm:web-1").orElseThrow();
        assertEquals("host:100:5", leases.acquire("vm:web-1", "r1", "host:200:7", TTL).orElseThrow().coordinator());
        assertEquals(Optional.empty(), leases.takeOver("vm:web-1", dead, "r1", "host:200:7", TTL));
        assertEquals(2, leases.holder("vm:web-1").orElseThrow().generation());
        // a second coordinator that saw the same dead holder is too late: the lease has a live holder again
        assertEquals("host:200:7", leases.takeOver("vm:web-1", dead, "r1", "host:300:9", TTL).orElseThrow().coordinator());
    }

    @Test
    void releasingByAnOldFenceLeavesTheNewHoldersLease() {
        Leases leases = store().leases();
        Fence old = take(leases, "r1", "coord-1");
        clock.sleep(TTL);
        take(leases, "r1", "coord-2");
        leases.release(old);
        assertEquals("coord-2", leases.holder("vm:web-1").orElseThrow().coordinator());
        leases.release(leases.fence("vm:web-1", "r1", "coord-2").orElseThrow());
        assertTrue(leases.holder("vm:web-1").isEmpty());
    }
}
