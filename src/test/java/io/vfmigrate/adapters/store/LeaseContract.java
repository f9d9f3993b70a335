package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.Leases.Holder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every durable lease table does; run on SQLite and on PostgreSQL by the subclasses. */
abstract class LeaseContract extends StoreFixture {
    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void aFreeLeaseIsTakenAndItsHolderKnown() {
        Leases leases = open().leases();
        assertEquals(Optional.empty(), leases.acquire("vm:web-1", "r1", "coord-1", TTL));
        assertEquals(new Holder("vm:web-1", "r1", "coord-1", clock.instant().plus(TTL), 1), leases.holder("vm:web-1").orElseThrow());
        assertTrue(leases.holder("vm:web-2").isEmpty());
    }

    @Test
    void aLeaseHeldByAnotherRunIsRefusedNamingItsHolder() {
        Leases leases = open().leases();
        leases.acquire("vf:hostB/0000:3b:02.1", "r1", "coord-1", TTL);
        clock.sleep(Duration.ofSeconds(59));
        Holder holder = leases.acquire("vf:hostB/0000:3b:02.1", "r2", "coord-2", TTL).orElseThrow();
        assertEquals(new Holder("vf:hostB/0000:3b:02.1", "r1", "coord-1", clock.instant().plusSeconds(1), 1), holder);
        assertMentions(holder.describe(), "vf:hostB/0000:3b:02.1", "run r1", "coordinator coord-1");
        assertEquals("r1", leases.holder("vf:hostB/0000:3b:02.1").orElseThrow().runId());
    }

    @Test
    void theSameRunTakingItsLeaseAgainRenewsIt() {
        Leases leases = open().leases();
        leases.acquire("vm:web-1", "r1", "coord-1", TTL);
        clock.sleep(Duration.ofSeconds(50));
        assertEquals(Optional.empty(), leases.acquire("vm:web-1", "r1", "coord-1", TTL));
        assertEquals(clock.instant().plus(TTL), leases.holder("vm:web-1").orElseThrow().expires());
    }

    @Test
    void anotherCoordinatorResumingTheSameRunWaitsForTheLeaseToExpire() {
        Leases leases = open().leases();
        leases.acquire("vm:web-1", "r1", "coord-1", TTL);
        clock.sleep(Duration.ofSeconds(30));
        assertEquals("coord-1", leases.acquire("vm:web-1", "r1", "coord-2", TTL).orElseThrow().coordinator());
        clock.sleep(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), leases.acquire("vm:web-1", "r1", "coord-2", TTL));
        assertEquals("coord-2", leases.holder("vm:web-1").orElseThrow().coordinator());
    }

    @Test
    void renewExtendsEveryLeaseOfTheRunAndNoOther() {
        Leases leases = open().leases();
        leases.acquire("vm:web-1", "r1", "coord-1", TTL);
        leases.acquire("vf:hostB/1", "r1", "coord-1", TTL);
        leases.acquire("vm:web-2", "r2", "coord-1", TTL);
        Instant r2Expires = clock.instant().plus(TTL);
        clock.sleep(Duration.ofSeconds(30));
        assertTrue(leases.renew(leases.fence("vm:web-1", "r1", "coord-1").orElseThrow(), Duration.ofSeconds(90)));
        assertEquals(clock.instant().plusSeconds(90), leases.holder("vm:web-1").orElseThrow().expires());
        assertEquals(clock.instant().plusSeconds(90), leases.holder("vf:hostB/1").orElseThrow().expires());
        assertEquals(r2Expires, leases.holder("vm:web-2").orElseThrow().expires());
    }

    @Test
    void anExpiredLeaseHasNoHolderAndIsTakenOver() {
        Leases leases = open().leases();
        leases.acquire("vm:web-1", "dead-run", "dead-coord", TTL);
        clock.sleep(TTL);
        assertTrue(leases.holder("vm:web-1").isEmpty(), "a lease is expired at its expiry instant");
        assertEquals(Optional.empty(), leases.acquire("vm:web-1", "r2", "coord-2", TTL));
        assertEquals(new Holder("vm:web-1", "r2", "coord-2", clock.instant().plus(TTL), 2), leases.holder("vm:web-1").orElseThrow());
    }

    @Test
    void onlyTheHoldingRunReleasesALease() {
        Leases leases = open().leases();
        leases.acquire("vm:web-1", "r1", "coord-1", TTL);
        leases.release("vm:web-1", "r2");
        assertEquals("r1", leases.holder("vm:web-1").orElseThrow().runId());
        leases.release("vm:web-1", "r1");
        assertTrue(leases.holder("vm:web-1").isEmpty());
        assertEquals(Optional.empty(), leases.acquire("vm:web-1", "r2", "coord-2", TTL));
        leases.release("vm:never-taken", "r2");
    }

    @Test
    void releaseAllFreesEveryLeaseOfTheRunAndNoOther() {
        Leases leases = open().leases();
        leases.acquire("vm:web-1", "r1", "coord-1", TTL);
        leases.acquire("vf:hostB/1", "r1", "coord-1", TTL);
        leases.acquire("vm:web-2", "r2", "coord-2", TTL);
        leases.releaseAll("r1");
        assertTrue(leases.holder("vm:web-1").isEmpty());
        assertTrue(leases.holder("vf:hostB/1").isEmpty());
        assertEquals("r2", leases.holder("vm:web-2").orElseThrow().runId());
    }

    @Test
    void leasesSurviveClosingAndReopeningTheStore() {
        StateStore first = open();
        first.leases().acquire("vm:web-1", "r1", "coord-1", TTL);
        first.close();
        Leases reopened = open().leases();
        assertEquals("r1", reopened.acquire("vm:web-1", "r2", "coord-2", TTL).orElseThrow().runId());
    }

    @Test
    void twoStoresRacingForALeaseNeverBothWin() throws Exception {
        LeaseRace race = new LeaseRace(open().leases(), open().leases(), clock);
        LeaseRace.Result result = race.run(150);
        assertEquals(150, result.rounds());
        assertEquals(0, result.roundsWithoutOneWinner(), result.toString());
    }
}
