package io.vfmigrate.adapters.store;

import static io.vfmigrate.adapters.store.StoreFixture.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.FakeClock;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Leases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store a command opens: reads of a store that is not there see an empty one; the first write creates it. */
class StoreOnDemandTest {
    @TempDir Path dir;
    final FakeClock clock = new FakeClock();

    @Test
    void readsAndReleasesCreateNothing() {
        Path state = dir.resolve("state");
        try (StoreOnDemand store = StateStore.onDemand(state.toString(), clock)) {
            assertEquals(List.of(), store.journal().runs(true));
            assertEquals(List.of(), store.journal().runsOf("vm1"));
            assertEquals(Optional.empty(), store.journal().find("r1"));
            assertEquals(Optional.empty(), store.leases().holder("vm:vm1"));
            store.leases().releaseAll("r1");
            store.leases().release("vm:vm1", "r1");
            store.leases().renew(new Leases.Fence("vm:vm1", "r1", "c", 1), Duration.ofSeconds(30));
            store.leases().release(new Leases.Fence("vm:vm1", "r1", "c", 1));
            assertEquals(Optional.empty(), store.leases().fence("vm:vm1", "r1", "c"));
        }
        assertFalse(Files.exists(state));
    }

    @Test
    void theFirstWriteCreatesTheStoreAndLaterReadsSeeIt() {
        Path state = dir.resolve("state");
        try (StoreOnDemand store = StateStore.onDemand(state.toString(), clock)) {
            assertEquals(Optional.empty(), store.leases().acquire("vm:vm1", "r1", "c", Duration.ofSeconds(30)));
            assertTrue(Files.exists(state.resolve("vfmigrate.db")));
            store.journal().create(new RunRecord("r1", "vm1", "a", "b", "naive", Map.of(), RunState.PENDING, "c", clock.instant(), clock.instant()));
            assertEquals("r1", store.leases().holder("vm:vm1").orElseThrow().runId());
        }
        try (StoreOnDemand again = StateStore.onDemand(state.toString(), clock)) {
            assertEquals(1, again.journal().runs(true).size());
        }
    }

    @ParameterizedTest(name = "cut to {0}%")
    @ValueSource(ints = {90, 75, 50, 10})
    void aTruncatedDatabaseIsRefusedAsDamaged(int percent) throws IOException {
        Path state = dir.resolve("state");
        try (StateStore s = StateStore.open(state.toString(), clock)) {
            for (int i = 0; i < 200; i++) {
                s.journal().create(new RunRecord("r" + i, "vm" + i, "a", "b", "naive", Map.of("k", "v".repeat(500)), RunState.PENDING,
                        "c", clock.instant(), clock.instant()));
            }
        }
        Path db = state.resolve("vfmigrate.db");
        byte[] bytes = Files.readAllBytes(db);
        Files.write(db, java.util.Arrays.copyOf(bytes, bytes.length * percent / 100));
        try (StoreOnDemand store = StateStore.onDemand(state.toString(), clock)) {
            StateStoreException e = assertThrows(StateStoreException.class, () -> store.journal().find("r199"));
            assertMentions(e.getMessage(), db.toString());
        }
    }

    @Test
    void aStateThatIsAFileIsRefusedOnRead() throws IOException {
        Path file = Files.writeString(dir.resolve("state"), "x");
        try (StoreOnDemand store = StateStore.onDemand(file.toString(), clock)) {
            StateStoreException e = assertThrows(StateStoreException.class, () -> store.journal().runs(false));
            assertMentions(e.getMessage(), "is a file, not a directory");
        }
    }
}
