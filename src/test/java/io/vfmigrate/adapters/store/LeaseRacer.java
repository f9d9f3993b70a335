package io.vfmigrate.adapters.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * A coordinator process for {@link SqliteProcessRaceTest}: opens the store, reads a start time (epoch
 * millis) on its input, asks for lease vf:race/K at start + K rounds, and prints "won K" for each one
 * it got. The machine's clock is the barrier: both processes ask for each key at the same moment.
 */
public final class LeaseRacer {
    static final long ROUND_MILLIS = 4;

    private LeaseRacer() {}

    public static void main(String[] args) throws Exception {
        String state = args[0];
        String runId = args[1];
        int rounds = Integer.parseInt(args[2]);
        try (StateStore store = StateStore.open(state, Clock.systemUTC())) {
            System.out.println("ready");
            System.out.flush();
            long start = Long.parseLong(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine());
            StringBuilder won = new StringBuilder();
            for (int i = 0; i < rounds; i++) {
                awaitMillis(start + i * ROUND_MILLIS);
                if (store.leases().acquire("vf:race/" + i, runId, runId, Duration.ofMinutes(5)).isEmpty()) won.append("won ").append(i).append('\n');
            }
            System.out.print(won);
        }
    }

    private static void awaitMillis(long epochMillis) {
        long wait;
        while ((wait = epochMillis - System.currentTimeMillis()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait * 1_000_000);
    }
}
