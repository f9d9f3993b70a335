package io.vfmigrate.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.ports.Leases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two coordinator processes on one machine share the leases of one state directory through SQLite's file locks. */
class SqliteProcessRaceTest {
    private static final int ROUNDS = 250;
    @TempDir Path dir;

    @Test
    void twoProcessesRacingForTheSameLeasesNeverBothWinOne() throws Exception {
        String state = dir.resolve("state").toString();
        StateStore.open(state, Clock.systemUTC()).close();
        List<Racer> racers = List.of(new Racer(state, "run-a"), new Racer(state, "run-b"));
        racers.forEach(Racer::awaitReady);
        long start = System.currentTimeMillis() + 100;
        racers.forEach(r -> r.go(start));
        Set<Integer> a = racers.get(0).wins();
        Set<Integer> b = racers.get(1).wins();

        Set<Integer> both = new HashSet<>(a);
        both.retainAll(b);
        assertTrue(both.isEmpty(), "rounds won by both processes: " + both + " (a won " + a.size() + ", b won " + b.size() + ")");
        assertEquals(ROUNDS, a.size() + b.size(), "every round has a winner: " + a.size() + " + " + b.size());
        try (StateStore store = StateStore.open(state, Clock.systemUTC())) {
            for (int i = 0; i < ROUNDS; i++) {
                String holder = store.leases().holder("vf:race/" + i).map(Leases.Holder::runId).orElse("nobody");
                assertEquals(a.contains(i) ? "run-a" : "run-b", holder, "holder of round " + i);
            }
        }
    }

    /** One LeaseRacer JVM on the test's own class path. */
    private static final class Racer {
        private final Process process;
        private final BufferedReader out;

        Racer(String state, String runId) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LeaseRacer.class.getName(),
                    state, runId, String.valueOf(ROUNDS)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        void awaitReady() {
            try {
                assertEquals("ready", out.readLine());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void go(long startEpochMillis) {
            try (Writer in = process.outputWriter(StandardCharsets.UTF_8)) {
                in.write(startEpochMillis + "\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        Set<Integer> wins() throws Exception {
            Set<Integer> won = new HashSet<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) won.add(Integer.parseInt(line.substring(4)));
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "racer did not finish");
            assertEquals(0, process.exitValue(), "racer exit code");
            return won;
        }
    }
}
