package io.vfmigrate.adapters.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * A coordinator process for {@link SqliteProcessRaceTest}: opens the store, waits for "go" on its
 * input, asks for the leases vf:race/0..N-1 in order, and prints "won K" for each one it got.
 */
public final class LeaseRacer {
    private LeaseRacer() {}

    public static void main(String[] args) throws Exception {
        String state = args[0];
        String runId = args[1];
        int rounds = Integer.parseInt(args[2]);
        try (StateStore store = StateStore.open(state, Clock.systemUTC())) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            StringBuilder won = new StringBuilder();
            for (int i = 0; i < rounds; i++) {
                if (store.leases().acquire("vf:race/" + i, runId, runId, Duration.ofMinutes(5)).isEmpty()) won.append("won ").append(i).append('\n');
            }
            System.out.print(won);
        }
    }
}
