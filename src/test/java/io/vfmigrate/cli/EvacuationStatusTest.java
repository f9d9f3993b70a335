package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.VmMoveOutcome;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.model.RunState;
import io.vfmigrate.planning.EvacuationPlan;
import io.vfmigrate.ports.MigrationProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status lines of an evacuation on a terminal: one per VM on the move, its step, and its bar in the migrate step. */
class EvacuationStatusTest {
    private static final long MIB = 1 << 20;
    final List<List<String>> shown = new ArrayList<>();
    final EvacuationStatus status = new EvacuationStatus(shown::add);

    static RunRecord run(String id, String vm) {
        return new RunRecord(id, vm, "host-a", "host-b", "bond-macvtap", Map.of(), RunState.RUNNING, "c", Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void oneLinePerRunningVmWithItsStepAndMigrationBar() {
        status.moveStarted("vm1", "host-b", "bond-macvtap", 1);
        status.moveStarted("vm2", "host-c", "plain", 1);
        status.stepStarted("vm1", "host-b", 4, "migrate");
        var watch = status.watch("vm1", "host-b");
        watch.observer().progress(new MigrationProgress(1000, 0, 30 * MIB, 70 * MIB, 1, 10 * MIB, 0), Duration.ofMillis(100));
        status.stepStarted("vm2", "host-c", 0, "migrate");
        assertEquals(List.of("vm1 -> host-b: step 5 migrate [######              ]  30%", "vm2 -> host-c: step 1 migrate"),
                shown.get(shown.size() - 1));

        // a new iteration makes the remaining data grow: the bar stays where it was
        watch.observer().progress(new MigrationProgress(2000, 0, 35 * MIB, 200 * MIB, 2, 10 * MIB, 0), Duration.ofMillis(150));
        assertTrue(shown.get(shown.size() - 1).get(0).endsWith(" 30%"), shown::toString);

        status.stepStarted("vm1", "host-b", 5, "attach-vf");
        assertEquals("vm1 -> host-b: step 6 attach-vf", status.lines().get(0));
        watch.listener().stateChanged(run("run-1", "vm1"), RunState.RUNNING, RunState.SUCCEEDED);
        assertEquals(List.of("vm2 -> host-c: step 1 migrate"), shown.get(shown.size() - 1));
        status.moveEnded(new VmMoveOutcome("vm2", Optional.of("host-c"), "plain", VmMoveOutcome.Result.MOVED, "moved", Optional.of("run-2"),
                0, 1, Duration.ZERO));
        assertEquals(List.of(), shown.get(shown.size() - 1));
    }

    @Test
    void aVmNameWithEscapeCodesIsShownEscaped() {
        status.moveStarted("vm\u001b[2J", "host-b", "plain", 1);
        assertTrue(!status.lines().get(0).contains("\u001b"), status.lines()::toString);
    }

    @Test
    void plainProgressLinesWhenNotATerminal() {
        StringWriter text = new StringWriter();
        EvacuationReport report = new EvacuationReport(new PrintWriter(text), true);
        report.watch("vm1", "host-b").observer().progress(new MigrationProgress(1000, 0, 50 * MIB, 50 * MIB, 1, 10 * MIB, 0), Duration.ofMillis(100));
        report.breakerOpened("host-c", "run run-3 of vm2 failed (exit 1)");
        assertEquals(List.of("vm1 -> host-b: migrating  50% 50.0 MiB sent, 50.0 MiB left, 10.0 MiB/s, dirty 0.0 MiB/s, iteration 1, "
                + "downtime allowed 100 ms", "breaker opened for host-c: no more VMs go there (run run-3 of vm2 failed (exit 1))"),
                text.toString().lines().toList());
        StringWriter none = new StringWriter();
        new EvacuationReport(new PrintWriter(none), false).watch("vm1", "host-b").observer()
                .progress(new MigrationProgress(1000, 0, 50 * MIB, 50 * MIB, 1, 10 * MIB, 0), Duration.ofMillis(100));
        assertEquals("", none.toString(), "on a terminal the status line shows the progress, not the event lines");
    }

    @Test
    void aSecondSignalNamesTheEvacuationLeftOpen() {
        StringWriter err = new StringWriter();
        List<String> halted = new ArrayList<>();
        RunSignals signals = new RunSignals(new PrintWriter(err), () -> halted.add("halt"));
        signals.started("e-1", new EvacuationPlan("host-a", List.of(), List.of()), false);
        signals.received("SIGINT");
        signals.received("SIGINT");
        assertEquals(List.of("halt"), halted);
        assertTrue(err.toString().contains("evacuation e-1 is left open in the journal: `vfmigrate resume e-1` goes on with it"), err::toString);
    }
}
