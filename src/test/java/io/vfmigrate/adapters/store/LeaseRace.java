package io.vfmigrate.adapters.store;

import io.vfmigrate.fakes.FakeClock;
import io.vfmigrate.ports.Leases;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Two coordinators (each its own store, so its own connection) start each round at the same moment
 * and ask for the same key; every other round that key is held by a dead run whose lease expired.
 */
record LeaseRace(Leases first, Leases second, FakeClock clock) {
    record Result(int rounds, int roundsWithoutOneWinner, int firstWins, int secondWins) {}

    private static final Duration TTL = Duration.ofMinutes(5);

    Result run(int rounds) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CyclicBarrier start = new CyclicBarrier(2);
        int bad = 0, firstWins = 0, secondWins = 0;
        try {
            for (int i = 0; i < rounds; i++) {
                String key = "vf:race/" + i;
                if (i % 2 == 1) {
                    first.acquire(key, "dead-run", "dead-coord", Duration.ofSeconds(1));
                    clock.sleep(Duration.ofSeconds(1));
                }
                Future<Optional<Leases.Holder>> a = threads.submit(take(first, key, "run-a", start));
                Future<Optional<Leases.Holder>> b = threads.submit(take(second, key, "run-b", start));
                boolean aWon = a.get(30, TimeUnit.SECONDS).isEmpty();
                boolean bWon = b.get(30, TimeUnit.SECONDS).isEmpty();
                String holder = first.holder(key).map(Leases.Holder::runId).orElse("nobody");
                if (aWon == bWon || !holder.equals(aWon ? "run-a" : "run-b")) bad++;
                if (aWon) firstWins++;
                if (bWon) secondWins++;
            }
        } finally {
            threads.shutdownNow();
        }
        return new Result(rounds, bad, firstWins, secondWins);
    }

    private static Callable<Optional<Leases.Holder>> take(Leases leases, String key, String runId, CyclicBarrier start) {
        return () -> {
            start.await(30, TimeUnit.SECONDS);
            return leases.acquire(key, runId, runId, TTL);
        };
    }
}
