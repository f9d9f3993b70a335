package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.DeadHolders;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.app.Services;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.config.InventoryLoader;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.JournalEntry;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.ports.Journal;
import io.vfmigrate.ports.Leases;
import io.vfmigrate.ports.MoveSlots;
import io.vfmigrate.ports.ProcessTable;
import io.vfmigrate.workflow.RunListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** When a run's lease is taken over: refusals release it (issue 12.4), a dead holder on this host is taken at once (12.5). */
class TakeOverTest {
    static final class Death extends Error {
        Death() { super("coordinator died", null, false, false); }
    }

    /** This host's processes: pid to start time. */
    static final class FakeProcessTable implements ProcessTable {
        final Map<Long, Long> processes = new HashMap<>();

        public OptionalLong startTime(long pid) {
            Long start = processes.get(pid);
            return start == null ? OptionalLong.empty() : OptionalLong.of(start);
        }
    }

    final Harness h = new Harness();
    final FakeProcessTable procs = new FakeProcessTable();
    final DeadHolders here = new DeadHolders("here", procs);

    private String diedAfterStep3(String coordinator) {
        RunListener killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                if (i == 2) throw new Death();
            }
        };
        assertThrows(Death.class, () -> new MigrateVm(h.services(coordinator, here)).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        return h.journal.runs(false).get(0).id();
    }

    @Test
    void aHolderOnThisHostWhoseProcessIsGoneIsTakenOverAtOnce() {
        procs.processes.put(100L, 5L);
        String run = diedAfterStep3("here:100:5");
        procs.processes.remove(100L);
        procs.processes.put(200L, 7L);
        assertEquals(1, new StaleRuns(h.services("here:200:7", here)).find().size(), "a dead holder's run is reported as left open");
        var o = new OpenRun(h.services("here:200:7", here)).resume(run, List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void aPidReusedByAnotherProcessIsNotTheHolder() {
        procs.processes.put(100L, 5L);
        String run = diedAfterStep3("here:100:5");
        procs.processes.put(100L, 9L);
        assertEquals(RunState.SUCCEEDED, new OpenRun(h.services("here:200:7", here)).resume(run, List.of()).state());
    }

    @Test
    void aLiveHolderOnThisHostIsWaitedFor() {
        procs.processes.put(100L, 5L);
        String run = diedAfterStep3("here:100:5");
        var e = assertThrows(ConfigException.class, () -> new OpenRun(h.services("here:200:7", here)).resume(run, List.of()));
        assertTrue(e.getMessage().contains("still alive"), e.getMessage());
        assertEquals("here:100:5", h.leases.holder(Leases.vmKey("vm1")).orElseThrow().coordinator());
    }

    @Test
    void aHolderOnAnotherHostIsWaitedForUntilItsLeaseExpires() {
        String run = diedAfterStep3("there:100:5");
        var e = assertThrows(ConfigException.class, () -> new OpenRun(h.services("here:200:7", here)).resume(run, List.of()));
        assertTrue(e.getMessage().contains("held by run " + run + " of coordinator there:100:5"), e.getMessage());
        h.clock.sleep(Duration.ofMinutes(6));
        assertEquals(RunState.SUCCEEDED, new OpenRun(h.services("here:200:7", here)).resume(run, List.of()).state());
    }

    @Test
    void aNewMigrateTakesTheVmFromADeadHolderOnThisHost() {
        procs.processes.put(100L, 5L);
        h.leases.acquire(Leases.vmKey("vm1"), "old-run", "here:100:5", Duration.ofMinutes(5));
        procs.processes.clear();
        MigrationResult r = new MigrateVm(h.services("here:200:7", here)).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of());
        assertEquals(0, r.exitCode(), () -> r.refusal().toString());
    }

    @Test
    void aResumeRefusedBecauseItsDestinationLeftTheInventoryKeepsNoLease() {
        String run = diedAfterStep3("there:100:5");
        h.clock.sleep(Duration.ofMinutes(6));
        String onlyA = Harness.INVENTORY.substring(0, Harness.INVENTORY.indexOf("  host-b:"));
        Services s = h.services("here:200:7", here);
        Services withoutB = new Services(InventoryLoader.parse("inv.yaml", onlyA), s.connector(), s.workflows(), s.journal(), s.leases(),
                s.clock(), s.poll(), s.coordinator(), s.runIds(), s.guestTimeout(), s.leaseTtl(), here, s.hostFlags(), MoveSlots.UNCOUNTED, s.maintenances());
        for (var action : List.<Runnable>of(() -> new OpenRun(withoutB).resume(run, List.of()), () -> new OpenRun(withoutB).rollback(run, List.of()))) {
            assertThrows(ConfigException.class, action::run);
            assertTrue(h.leases.holder(Leases.vmKey("vm1")).isEmpty(), "a refused command holds no lease");
            assertEquals(List.of(run), new StaleRuns(s).find().stream().map(RunRecord::id).toList(), "still reported as left open");
        }
        assertEquals(RunState.SUCCEEDED, new OpenRun(s).resume(run, List.of()).state());
    }

    @Test
    void aResumeRefusedAfterItTookTheLeaseReleasesIt() {
        String run = diedAfterStep3("there:100:5");
        h.clock.sleep(Duration.ofMinutes(6));
        int[] entriesRead = {0};
        Services s = h.services("here:200:7", here);
        var failingJournal = new Journal() {
            public Journal fenced(Leases.Fence f) { return h.journal.fenced(f); }
            public void create(RunRecord r) { h.journal.create(r); }
            public void append(String id, JournalEntry e) { h.journal.append(id, e); }
            public void updateState(String id, RunState st) { h.journal.updateState(id, st); }
            public Optional<RunRecord> find(String id) { return h.journal.find(id); }
            public List<JournalEntry> entries(String id) {
                entriesRead[0]++;
                throw new FailureException(new Failure.Unexpected("journal unreadable"));
            }
            public List<RunRecord> runs(boolean all) { return h.journal.runs(all); }
        };
        Services broken = new Services(s.inventory(), s.connector(), s.workflows(), failingJournal, s.leases(), s.clock(), s.poll(),
                s.coordinator(), s.runIds(), s.guestTimeout(), s.leaseTtl(), here, s.hostFlags(), MoveSlots.UNCOUNTED, s.maintenances());
        assertThrows(FailureException.class, () -> new OpenRun(broken).resume(run, List.of()));
        assertEquals(1, entriesRead[0], "the journal is read once the lease is taken");
        assertTrue(h.leases.holder(Leases.vmKey("vm1")).isEmpty(), "the lease taken was released");
    }
}
