package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.store.StateStore;
import io.vfmigrate.app.Services;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.ports.MoveSlots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on the durable store (SQLite here) with fake hosts: runs, show, and unusable stores. */
class StateStoreCliTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    final List<StateStore> stores = new ArrayList<>();
    StringWriter out;
    StringWriter err;

    int run(String... args) throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        if (!Files.exists(inv)) Files.writeString(inv, Harness.INVENTORY);
        out = new StringWriter();
        err = new StringWriter();
        Wiring wiring = (inventory, workflows, options) -> {
            StateStore store = StateStore.open(options.state().orElseThrow(), h.clock);
            stores.add(store);
            Services s = h.services();
            return new Services(inventory, s.connector(), workflows, store.journal(), store.leases(), s.clock(), s.poll(),
                    s.coordinator(), s.runIds(), s.guestTimeout(), s.leaseTtl(), s.deadHolders(), store.hostFlags(), MoveSlots.UNCOUNTED, store.maintenances());
        };
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--inventory", inv.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @AfterEach
    void close() { stores.forEach(StateStore::close); }

    @Test
    void runsAndShowListWhatTheJournalHolds() throws Exception {
        Path state = dir.resolve("state");
        assertEquals(0, run("--state", state.toString(), "migrate", "vm1", "--to", "host-b"), () -> err.toString());
        assertEquals(0, run("--state", state.toString(), "runs"));
        assertTrue(out.toString().contains("no open runs"), out::toString);
        assertEquals(0, run("--state", state.toString(), "runs", "--all"));
        assertTrue(out.toString().contains("run-1") && out.toString().contains("SUCCEEDED"), out::toString);
        assertEquals(0, run("--state", state.toString(), "show", "run-1"));
        assertTrue(out.toString().contains("STEP_SUCCEEDED           step 5 migrate"), out::toString);
        assertEquals(2, run("--state", state.toString(), "show", "run-9"));
        assertTrue(err.toString().contains("no run 'run-9'"), err::toString);
        assertEquals(2, run("--state", state.toString(), "resume", "run-1"));
        assertTrue(err.toString().contains("run run-1 is SUCCEEDED: nothing to resume"), err::toString);
        assertEquals(2, run("--state", state.toString(), "close", "run-1"));
        assertTrue(err.toString().contains("run run-1 is SUCCEEDED: nothing to close"), err::toString);
    }

    @Test
    void closeEndsARunThatNeedsAnOperatorAndItsWarningStops() throws Exception {
        Path state = dir.resolve("state");
        h.b().detachLost = true;   // the temporary port stays: the checked end state is not reached
        assertEquals(3, run("--state", state.toString(), "migrate", "vm1", "--to", "host-b"), () -> out.toString() + err);
        h.clock.sleep(java.time.Duration.ofMinutes(6));   // its lease expired
        assertEquals(2, run("--state", state.toString(), "migrate", "vm1", "--to", "host-a", "--from", "host-b"));
        assertTrue(err.toString().contains("has an open run run-1") && err.toString().contains("vfmigrate close run-1"), err::toString);
        assertEquals(0, run("--state", state.toString(), "close", "run-1"), err::toString);
        assertTrue(err.toString().contains("was left open"), () -> "reported before it is closed: " + err);
        assertTrue(out.toString().contains("temporary port ua-vfm-tmp0") && out.toString().contains("closed: run run-1 (NEEDS_OPERATOR -> CLOSED)"),
                out::toString);
        assertEquals(0, run("--state", state.toString(), "runs"));
        assertTrue(out.toString().contains("no open runs"), out::toString);
        assertTrue(err.toString().isEmpty(), err::toString);
    }

    @Test
    void aCorruptedOrForeignStateDirectoryIsRefusedWithNothingChanged() throws Exception {
        Path state = dir.resolve("corrupt");
        Files.createDirectories(state);
        Files.writeString(state.resolve("vfmigrate.db"), "this is not a database");
        assertEquals(2, run("--state", state.toString(), "migrate", "vm1", "--to", "host-b"));
        assertTrue(err.toString().contains("is not a vfmigrate state store"), err::toString);
        assertEquals(List.of(), h.world.mutations);
        assertEquals("this is not a database", Files.readString(state.resolve("vfmigrate.db")));
    }

    @Test
    void aDatabaseThatIsDownIsRefusedWithNothingChanged() throws Exception {
        assertEquals(2, run("--state", "jdbc:postgresql://127.0.0.1:9/vfmigrate?user=u&password=hunter2", "migrate", "vm1", "--to", "host-b"));
        assertTrue(err.toString().contains("cannot connect to the PostgreSQL state store"), err::toString);
        assertTrue(!err.toString().contains("hunter2"), "the password is not printed");
        assertEquals(List.of(), h.world.mutations);
    }

    @Test
    void aJournalWrittenByANewerVersionIsRefused() throws Exception {
        Path state = dir.resolve("newer");
        assertEquals(0, run("--state", state.toString(), "runs"));
        stores.forEach(StateStore::close);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + state.resolve("vfmigrate.db"))) {
            c.createStatement().executeUpdate("UPDATE vfmigrate_schema SET version = 99");
        }
        assertEquals(2, run("--state", state.toString(), "migrate", "vm1", "--to", "host-b"));
        assertTrue(err.toString().contains("schema version 99"), err::toString);
        assertEquals(List.of(), h.world.mutations);
    }
}
