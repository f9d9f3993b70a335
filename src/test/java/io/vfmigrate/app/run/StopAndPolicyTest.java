package io.vfmigrate.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.app.ExitCode;
import io.vfmigrate.app.MigrateRequest;
import io.vfmigrate.app.MigrationResult;
import io.vfmigrate.fakes.Harness;
import io.vfmigrate.migration.PolicyLayers;
import io.vfmigrate.migration.SignalState;
import io.vfmigrate.model.RunRecord;
import io.vfmigrate.ports.MigrationObserver;
import io.vfmigrate.workflow.RunControls;
import io.vfmigrate.workflow.RunListener;
import io.vfmigrate.workflow.StepPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A first signal (the stop request) and the migration policy's layers, on the fakes. */
class StopAndPolicyTest {
    private static MigrationResult run(Harness h, SignalState signals, int signalAfterStep, List<PolicyLayers.Layer> commandLine, boolean dryRun) {
        RunListener signaller = new RunListener() {
            @Override public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
                if (index + 1 == signalAfterStep) signals.signal();
            }
        };
        RunControls controls = new RunControls(List.of(), commandLine, MigrationObserver.NONE, signals::stopRequested);
        return new MigrateVm(h.services()).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", dryRun),
                List.of(h.trace, signaller), controls);
    }

    @Test
    void aSignalBeforeTheMigrationCompensatesAndTheVmStaysHealthyOnTheSource() {
        Harness h = new Harness();
        MigrationResult r = run(h, new SignalState(), 2, List.of(), false);
        assertEquals(List.of("state:RUNNING", "apply:add-temporary-port", "apply:enslave-temporary-port", "state:COMPENSATING",
                "undo:enslave-temporary-port", "undo:add-temporary-port", "state:COMPENSATED"), h.trace.events);
        assertEquals(ExitCode.FAILED_COMPENSATED, r.exitCode());
        assertTrue(r.outcome().orElseThrow().cause().orElseThrow().message().contains("stopped by a signal"));
        h.assertHealthyOn(h.a(), "fvf0");
    }

    @Test
    void aSignalAfterTheMigrationLetsTheRunFinishForward() {
        Harness h = new Harness();
        MigrationResult r = run(h, new SignalState(), 5, List.of(), false);
        assertEquals(ExitCode.DONE, r.exitCode(), h.trace.events::toString);
        assertEquals("state:SUCCEEDED", h.trace.events.get(h.trace.events.size() - 1));
        h.assertHealthyOn(h.b(), "fvf0");
    }

    @Test
    void theDryRunShowsEveryPolicyValueWithItsSource() {
        Harness h = new Harness();
        MigrationResult r = run(h, new SignalState(), 0,
                List.of(new PolicyLayers.Layer("command line", Map.of("on-timeout", "force", "bandwidth-mib-per-s", "50"))), true);
        StepPlan migrate = r.plan().steps().stream().filter(s -> s.type().equals("migrate")).findFirst().orElseThrow();
        assertEquals("force (command line)", migrate.params().get("on-timeout"));
        assertEquals("50 (command line)", migrate.params().get("bandwidth-mib-per-s"));
        assertEquals("100ms,150ms,200ms,300ms,400ms,500ms (default)", migrate.params().get("downtime-schedule"));
        assertEquals("150s (default)", migrate.params().get("completion-timeout-per-gib"));
    }

    @Test
    void aTemporaryPortLeftOnTheDestinationIsNamedInTheReportAndNothingLeftOtherwise() {
        Harness clean = new Harness();
        MigrationResult ok = run(clean, new SignalState(), 0, List.of(), false);
        assertEquals(List.of(RunReport.NOTHING), RunReport.of(clean.journal.entries(ok.outcome().orElseThrow().run().id())).leftBehind());

        Harness h = new Harness();
        RunListener leaver = new RunListener() {
            @Override public void stepSucceeded(RunRecord run, int index, String type, Duration took, Map<String, String> facts) {
                if (type.equals("remove-temporary-port")) h.b().attachDevice("vm1", "<interface type='direct'><mac address='52:54:00:c0:00:99'/>"
                        + "<source dev='br0' mode='bridge'/><alias name='ua-vfm-tmp0'/><model type='virtio'/></interface>");
            }
        };
        MigrationResult r = new MigrateVm(h.services()).run(new MigrateRequest("vm1", Optional.empty(), "host-b", "bond-macvtap", false),
                List.of(h.trace, leaver), RunControls.NONE);
        List<String> left = RunReport.of(h.journal.entries(r.outcome().orElseThrow().run().id())).leftBehind();
        assertTrue(left.get(0).startsWith("host-b: temporary port ua-vfm-tmp0 (MAC 52:54:00:c0:00:99)"), left::toString);
        // the end-state check saw it too: the run is not "done" but needs an operator, with the survey of what is there
        assertEquals(ExitCode.NEEDS_OPERATOR, r.exitCode(), left::toString);
    }
}
