package io.vfmigrate.adapters.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs real processes. */
class CommonsExecHostShellTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final CommonsExecHostShell local = new CommonsExecHostShell("localhost", List.of());

    @Test
    void aNonZeroExitIsAResultWithBothStreams() {
        ExecResult result = local.run(List.of("/bin/sh", "-c", "echo x; echo y >&2; exit 3"), TIMEOUT);
        assertEquals(new ExecResult(3, "x\n", "y\n"), result);
        assertFalse(result.ok());
    }

    @Test
    void argumentsArePassedVerbatimWithoutAShell() {
        ExecResult result = local.run(List.of("printf", "[%s]", "a b", "${HOME}", "\"dq\"", "'sq'", "$(id)", "*"), TIMEOUT);
        assertEquals("[a b][${HOME}][\"dq\"]['sq'][$(id)][*]", result.stdout());
    }

    /** Commons Exec alone would trim each argument (found when a lab test passed "ü\n" to the PF host). */
    @Test
    void whitespaceAroundAnArgumentIsKept() {
        ExecResult result = local.run(List.of("printf", "[%s]", " lead", "trail ", "nl\n", "\tboth \n", ""), TIMEOUT);
        assertEquals("[ lead][trail ][nl\n][\tboth \n][]", result.stdout());
    }

    /** One process for the sequence (one round trip over ssh); each argument reaches its command verbatim. */
    @Test
    void aSequenceRunsInOneCallInOrderAndStopsAtTheFirstFailure() throws Exception {
        Path marker = Files.createTempFile("vfm-sequence", ".txt");
        try {
            ExecResult all = local.runAll(List.of(
                    List.of("printf", "[%s]", "a b", "$(id)", "'sq' && false", ";", "*"),
                    List.of("sh", "-c", "echo written by the second > \"$1\"", "sh", marker.toString()),
                    List.of("cat", marker.toString())), TIMEOUT);
            assertEquals(new ExecResult(0, "[a b][$(id)]['sq' && false][;][*]written by the second\n", ""), all);

            ExecResult stopped = local.runAll(List.of(
                    List.of("echo", "first"),
                    List.of("sh", "-c", "echo broke >&2; exit 7"),
                    List.of("sh", "-c", "echo never > \"$1\"", "sh", marker.toString())), TIMEOUT);
            assertEquals(new ExecResult(7, "first\n", "broke\n"), stopped);
            assertFalse(Files.readString(marker).contains("never"), "nothing after the failure ran");
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    @Test
    void thePrefixRunsInFrontOfTheCommand() {
        CommonsExecHostShell viaEnv = new CommonsExecHostShell("host-x", List.of("env", "VFM_PREFIX=it works"));
        assertEquals("it works\n", viaEnv.run(List.of("/bin/sh", "-c", "echo \"$VFM_PREFIX\""), TIMEOUT).stdout());
        assertEquals("host-x", viaEnv.host());
    }

    @Test
    void theWatchdogKillsACommandThatRunsTooLong() {
        long start = System.nanoTime();
        FailureException e = assertThrows(FailureException.class, () -> local.run(List.of("sleep", "5"), Duration.ofMillis(300)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Failure.Timeout timeout = assertInstanceOf(Failure.Timeout.class, e.failure());
        assertEquals(Duration.ofMillis(300), timeout.after());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    }

    @Test
    void outputIsBounded() {
        ExecResult result = local.run(List.of("head", "-c", "3000000", "/dev/zero"), TIMEOUT);
        assertEquals(0, result.exitCode());
        assertTrue(result.stdout().length() < CommonsExecHostShell.OUTPUT_LIMIT_BYTES + 100, "length " + result.stdout().length());
        assertTrue(result.stdout().endsWith("[... " + (3_000_000 - CommonsExecHostShell.OUTPUT_LIMIT_BYTES) + " more bytes dropped]"));
    }

    @Test
    void aProgramThatCannotStartIsAFailedHostCommand() {
        FailureException e = assertThrows(FailureException.class, () -> local.run(List.of("/nonexistent/vfmigrate-tool", "x"), TIMEOUT));
        Failure.HostCommandFailed failed = assertInstanceOf(Failure.HostCommandFailed.class, e.failure());
        assertEquals("localhost", failed.host());
        assertEquals("/nonexistent/vfmigrate-tool x", failed.command());
    }

    @Test
    void boundedOutputKeepsTheHeadAndCountsTheRest() {
        BoundedOutput out = new BoundedOutput(4);
        out.write("abcdef".getBytes(), 0, 6);
        out.write('g');
        assertTrue(out.truncated());
        assertEquals("abcd\n[... 3 more bytes dropped]", out.text());
    }
}
