package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.config.ConfigException;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.RunOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The coordinator dies after step N; another one resumes or rolls back from the journal alone. */
public class ResumeRollbackTest {
    public static final class Death extends Error {
        public Death() { super("coordinator died", null, false, false); }
    }

    private static Harness diedAfter(int n) { return diedAfter(new Harness(), n); }

    /** {@code h}'s coordinator runs bond-macvtap on vm1 and dies right after step N succeeded. */
    static Harness diedAfter(Harness h, int n) {
        RunListener killer = new RunListener() {
            public void stepSucceeded(RunRecord run, int i, String type, Duration took, Map<String, String> facts) {
                if (i + 1 == n) throw new Death();
            }
        };
        assertThrows(Death.class, () -> new MigrateVm(h.services()).run(
                new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false), List.of(killer)));
        return h;
    }

    @ParameterizedTest(name = "died after step {0}: resume finishes on the destination")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void resumeFinishes(int n) {
        Harness h = diedAfter(n);
        String run = h.journal.runs(false).get(0).id();
        OpenRun other = new OpenRun(h.services("other-coordinator"));
        var refused = assertThrows(ConfigException.class, () -> other.resume(run, List.of()));
        assertTrue(refused.getMessage().contains("held by run " + run + " of coordinator test-coordinator"), refused.getMessage());
        h.clock.sleep(Duration.ofMinutes(6));
        RunOutcome o = other.resume(run, List.of(h.trace));
        assertEquals(RunState.SUCCEEDED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.b(), "fvf0");
        assertTrue(h.leases.holder("vm:vm1").isEmpty());
    }

    @ParameterizedTest(name = "died after step {0}: rollback restores the source")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void rollbackRestores(int n) {
        Harness h = diedAfter(n);
        String run = h.journal.runs(false).get(0).id();
        h.clock.sleep(Duration.ofMinutes(6));
        RunOutcome o = new OpenRun(h.services("other-coordinator")).rollback(run, List.of(h.trace));
        assertEquals(RunState.COMPENSATED, o.state(), () -> h.trace.events.toString());
        h.assertHealthyOn(h.a(), "fvf0");
        assertEquals(RunState.COMPENSATED, h.journal.find(run).orElseThrow().state());
    }

    @ParameterizedTest(name = "stale run reported after death at step {0}")
    @ValueSource(ints = {3})
    void aDeadCoordinatorsRunIsReportedOnceItsLeaseExpired(int n) {
        Harness h = diedAfter(n);
        assertTrue(new StaleRuns(h.services("x")).find().isEmpty(), "a live lease is not stale");
        h.clock.sleep(Duration.ofMinutes(6));
        var stale = new StaleRuns(h.services("x")).find();
        assertEquals(1, stale.size());
        assertTrue(StaleRuns.advice(stale.get(0)).contains("`vfmigrate resume run-1`, `vfmigrate rollback run-1`"));
    }
}
