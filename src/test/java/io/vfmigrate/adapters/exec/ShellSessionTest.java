package io.vfmigrate.adapters.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.ExecResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shell sessions that commands over ssh go through, with a local {@code sh} as the far end (the launcher is
 * what ssh would be): one session for many commands, each command's streams, exit and arguments as a process of
 * its own would have them, and a session that times out, dies or cannot start.
 */
class ShellSessionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final CommonsExecHostShell shell = CommonsExecHostShell.withSessions("host-s", List.of(), ShellSessions.MAX_IDLE);

    @AfterEach
    void close() { shell.close(); }

    /** The pid of the session's shell: the parent of a command it runs. */
    private String session(CommonsExecHostShell on) {
        return on.run(List.of("sh", "-c", "echo $PPID"), TIMEOUT).stdout().strip();
    }

    @Test
    void commandsOneAfterTheOtherShareOneSession() {
        String first = session(shell);
        assertTrue(first.matches("\\d+"), first);
        for (int i = 0; i < 5; i++) assertEquals(first, session(shell));
    }

    @Test
    void eachCommandHasItsOwnStreamsExitAndVerbatimArguments() {
        assertEquals(new ExecResult(3, "x\n", "y\n"), shell.run(List.of("/bin/sh", "-c", "echo x; echo y >&2; exit 3"), TIMEOUT));
        assertEquals("[a b][${HOME}][\"dq\"]['sq'][$(id)][*][;][\n]", shell.run(List.of("printf", "[%s]", "a b", "${HOME}", "\"dq\"", "'sq'",
                "$(id)", "*", ";", "\n"), TIMEOUT).stdout());
        assertEquals(new ExecResult(0, "no newline", ""), shell.run(List.of("printf", "no newline"), TIMEOUT));
        assertEquals(new ExecResult(0, "", ""), shell.run(List.of("cat"), TIMEOUT), "stdin is empty, not the session's");
        assertEquals(127, shell.run(List.of("/nonexistent/vfmigrate-tool"), TIMEOUT).exitCode());
        assertEquals(new ExecResult(0, "", ""), shell.run(List.of("sh", "-c", "if [ -n \"$o$e$r\" ]; then echo leaked; fi"), TIMEOUT),
                "the session's own variables are not the command's");
        String umask = new CommonsExecHostShell("local", List.of()).run(List.of("sh", "-c", "umask"), TIMEOUT).stdout();
        assertEquals(umask, shell.run(List.of("sh", "-c", "umask"), TIMEOUT).stdout(), "files a command (a hook) makes get the usual mode");
    }

    /** As when each command had a shell of its own: a builtin run as a command changes nothing for the next ones. */
    @Test
    void aCommandThatIsAShellBuiltinLeavesTheSessionAsItWas() {
        String before = session(shell);
        String cwd = shell.run(List.of("pwd"), TIMEOUT).stdout();
        assertEquals(0, shell.run(List.of("cd", "/"), TIMEOUT).exitCode());
        assertEquals(new ExecResult(5, "", ""), shell.run(List.of("exit", "5"), TIMEOUT));
        assertEquals(0, shell.run(List.of("umask", "0777"), TIMEOUT).exitCode());
        assertEquals(cwd, shell.run(List.of("pwd"), TIMEOUT).stdout());
        assertEquals(new ExecResult(0, "x\n", ""), shell.run(List.of("echo", "x"), TIMEOUT));
        assertEquals(before, session(shell));
    }

    @Test
    void outputIsBoundedAndTheSessionGoesOn() {
        String before = session(shell);
        ExecResult big = shell.run(List.of("head", "-c", "3000000", "/dev/zero"), TIMEOUT);
        assertEquals(0, big.exitCode());
        assertTrue(big.stdout().endsWith("[... " + (3_000_000 - CommonsExecHostShell.OUTPUT_LIMIT_BYTES) + " more bytes dropped]"));
        assertEquals(before, session(shell));
    }

    @Test
    void aCommandPastItsTimeoutEndsTheSessionAndTheNextOneOpensAnother() {
        String before = session(shell);
        long start = System.nanoTime();
        FailureException e = assertThrows(FailureException.class, () -> shell.run(List.of("sleep", "5"), Duration.ofMillis(300)));
        assertEquals(Duration.ofMillis(300), assertInstanceOf(Failure.Timeout.class, e.failure()).after());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0);
        assertNotEquals(before, session(shell));
    }

    @Test
    void aSessionThatDiesUnderACommandIsItsFailureAndTheNextCommandGetsANewOne() {
        String before = session(shell);
        ExecResult killed = shell.run(List.of("sh", "-c", "kill -9 $PPID; sleep 5"), TIMEOUT);
        assertNotEquals(0, killed.exitCode(), killed::toString);
        assertNotEquals(before, session(shell));
    }

    @Test
    void commandsSideBySideGetSessionsOfTheirOwn() {
        var a = CompletableFuture.supplyAsync(() -> shell.run(List.of("sh", "-c", "sleep 0.5; echo $PPID"), TIMEOUT).stdout());
        var b = CompletableFuture.supplyAsync(() -> shell.run(List.of("sh", "-c", "sleep 0.5; echo $PPID"), TIMEOUT).stdout());
        assertNotEquals(a.join(), b.join());
    }

    @Test
    void whatALoginScriptPrintsBeforeTheResultIsSkipped() {
        try (CommonsExecHostShell chatty = CommonsExecHostShell.withSessions("host-s", List.of("sh", "-c", "echo Welcome; echo; exec \"$0\""), ShellSessions.MAX_IDLE)) {
            assertEquals(new ExecResult(0, "ok\n", ""), chatty.run(List.of("echo", "ok"), TIMEOUT));
        }
    }

    @Test
    void sshThatCannotReachTheHostIsAnUnreachableHost() {
        try (CommonsExecHostShell refused = CommonsExecHostShell.withSessions("host-s",
                List.of("sh", "-c", "echo 'ssh: connect to host host-s port 22: Connection refused' >&2; exit 255"), ShellSessions.MAX_IDLE)) {
            FailureException e = assertThrows(FailureException.class, () -> refused.run(List.of("true"), TIMEOUT));
            assertEquals("host-s", assertInstanceOf(Failure.HostUnreachable.class, e.failure()).host());
        }
    }

    /** A long-lived coordinator (serve) keeps no ssh session open while it has nothing to run. */
    @Test
    void aSessionIdleForLongerThanItsLimitIsEndedAndTheNextCommandOpensAnother() {
        try (CommonsExecHostShell briefly = CommonsExecHostShell.withSessions("host-s", List.of(), Duration.ofMillis(300))) {
            String first = session(briefly);
            assertEquals(1, briefly.idleSessions());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> briefly.idleSessions() == 0);
            assertNotEquals(first, session(briefly));
        }
    }

    @Test
    void aSequenceIsOneCommandOfTheSession() {
        String before = session(shell);
        ExecResult r = shell.runAll(List.of(List.of("echo", "one"), List.of("sh", "-c", "echo $PPID"), List.of("false"), List.of("echo", "never")), TIMEOUT);
        assertEquals(1, r.exitCode());
        assertTrue(r.stdout().startsWith("one\n"), r::stdout);
        assertEquals(before, session(shell));
    }
}
