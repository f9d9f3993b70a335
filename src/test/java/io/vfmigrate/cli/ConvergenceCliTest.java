package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.Harness;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The convergence prediction in the plan: the VM's dirty rate measured on its source, and what it means at the policy in force. */
class ConvergenceCliTest {
    @TempDir Path dir;
    final Harness h = new Harness();
    CliRunner cli;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void runner() {
        cli = new CliRunner(dir, h);
        out = cli.out;
        err = cli.err;
    }

    int run(String... args) throws Exception { return cli.run(args); }

    @Test
    void aQuietGuestIsExpectedToConverge() throws Exception {
        h.a().domainOf("vm1").dirtyMiBps = 20;
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--policy", "dirty-rate-period=3s"), err::toString);
        assertTrue(out.toString().contains("[OK     ] convergence: dirties 20 MiB/s (measured over 3 s): expected to converge"), out::toString);
        assertEquals(Map.of("vm1", Duration.ofSeconds(3)), h.a().dirtyRateCalcs);
        assertEquals(List.of(), h.world.mutations, "a dry run changes nothing");
    }

    /** With auto-converge off (the default throttles such a guest until it converges). */
    @Test
    void aGuestDirtyingFasterThanTheNetworkIsAWarningThatDoesNotStopTheMove() throws Exception {
        h.a().domainOf("vm1").dirtyMiBps = 400;
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--policy", "expected-bandwidth-mib-per-s=100", "--policy", "auto-converge=no"), err::toString);
        assertTrue(out.toString().contains("[WARNING] convergence: dirties 400 MiB/s (measured over 1 s): expected not to converge"), out::toString);
        assertTrue(out.toString().contains("400 MiB/s dirtied against 100 MiB/s sent"), out::toString);

        out.getBuffer().setLength(0);
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--policy", "expected-bandwidth-mib-per-s=100", "--policy", "auto-converge=no"), err::toString);
        String text = out.toString();
        assertTrue(text.indexOf("warning: convergence: dirties 400 MiB/s") >= 0
                && text.indexOf("warning: convergence:") < text.indexOf("step 1 "), () -> "warned before the first step: " + text);
        assertTrue(text.contains("done: vm1 now runs on host-b"), text);
    }

    @Test
    void theLowerOfTheExpectedBandwidthAndThePolicysLimitIsAssumed() throws Exception {
        h.a().domainOf("vm1").dirtyMiBps = 150;
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run", "--policy", "bandwidth-mib-per-s=100", "--policy", "auto-converge=no"),
                err::toString);
        assertTrue(out.toString().contains("150 MiB/s dirtied against 100 MiB/s sent"), out::toString);
    }

    @Test
    void aHostThatCannotMeasureGivesAWarningAndThePlanGoesOn() throws Exception {
        h.a().dirtyRateUnsupported = "this function is not supported by the connection driver: virDomainStartDirtyRateCalc";
        assertEquals(0, run("migrate", "vm1", "--to", "host-b", "--dry-run"), err::toString);
        assertTrue(out.toString().contains("[WARNING] convergence: no prediction: cannot measure the dirty rate on host-a: this function is not supported"),
                out::toString);
    }

    @Test
    void aMeasurementPeriodOfZeroOrOverAMinuteOrNotInWholeSecondsIsRefused() throws Exception {
        for (String bad : List.of("0s", "61s", "1500ms")) {
            err.getBuffer().setLength(0);
            assertEquals(2, run("migrate", "vm1", "--to", "host-b", "--policy", "dirty-rate-period=" + bad), bad);
            assertTrue(err.toString().contains("--policy dirty-rate-period: '" + bad + "' is not valid (1s..60s, whole seconds"), err::toString);
        }
        assertEquals(List.of(), h.world.mutations);
        assertTrue(h.a().dirtyRateCalcs.isEmpty(), "nothing measured");
        assertTrue(h.journal.runs(true).isEmpty());
    }
}
