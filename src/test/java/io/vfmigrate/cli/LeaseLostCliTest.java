package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.Services;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.MoveSlots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A coordinator whose run was taken over while it was frozen says so and exits 3. */
class LeaseLostCliTest {
    @TempDir Path dir;
    final Harness h = new Harness();

    /** The journal of a coordinator frozen (past its lease) after its tenth entry, while another coordinator takes the run over. */
    final class FreezingJournal implements Journal {
        private final Journal inner;
        private int appended;

        FreezingJournal(Journal inner) { this.inner = inner; }

        public Journal fenced(Leases.Fence fence) { return new FreezingJournal(inner.fenced(fence)); }
        public void create(RunRecord run) { inner.create(run); }
        public void append(String runId, JournalEntry entry) {
            if (++appended == 10) {
                h.clock.sleep(Duration.ofMinutes(6));
                h.leases.acquire(Leases.vmKey("vm1"), runId, "other-host:9:9", Duration.ofMinutes(5));
            }
            inner.append(runId, entry);
        }
        public void updateState(String runId, RunState state) { inner.updateState(runId, state); }
        public Optional<RunRecord> find(String runId) { return inner.find(runId); }
        public List<JournalEntry> entries(String runId) { return inner.entries(runId); }
        public List<RunRecord> runs(boolean all) { return inner.runs(all); }
    }

    @Test
    void aCoordinatorThatLostItsLeaseStopsWithExit3AndSaysWhy() throws Exception {
        Path inv = dir.resolve("vfmigrate.yaml");
        Files.writeString(inv, Harness.INVENTORY);
        Wiring wiring = (inventory, workflows, options) -> {
            Services s = h.services();
            return new Services(inventory, s.connector(), workflows, new FreezingJournal(h.journal), s.leases(), s.clock(), s.poll(),
                    s.coordinator(), s.runIds(), s.guestTimeout(), s.leaseTtl(), s.deadHolders(), s.hostFlags(), MoveSlots.UNCOUNTED, s.maintenances());
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Commands.create(wiring);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("migrate", "vm1", "--to", "host-b", "--inventory=" + inv);
        assertEquals(3, code, () -> out + "\n" + err);
        assertTrue(err.toString().contains("lost the lease of run run-1 to coordinator other-host:9:9; stopping: nothing more is done by this process"),
                err::toString);
        int mutations = h.world.mutations.size();
        assertTrue(mutations < 10, () -> "stopped mid-run: " + h.world.mutations);
    }
}
