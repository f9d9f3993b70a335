package io.vfmigrate.adapters.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.GuestExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LibvirtGuestAgentTest {
    private final FakeAgentChannel channel = new FakeAgentChannel();
    private final FakeTime time = new FakeTime();
    private final LibvirtGuestAgent agent = new LibvirtGuestAgent(channel, time, time);

    @Test
    void execStartsTheProgramAndPollsUntilItExited() {
        channel.reply("{\"return\":{\"pid\":4711}}")
                .reply("{\"return\":{\"exited\":false}}")
                .reply("{\"return\":{\"exited\":false}}")
                .reply("{\"return\":{\"exited\":true,\"exitcode\":0,\"out-data\":\"" + base64("bond0: up\n") + "\",\"err-data\":\"" + base64("warn") + "\"}}");

        GuestExecResult result = agent.exec("vm1", List.of("ip", "-o", "link", "show", "dev", "bond0"), Duration.ofSeconds(10));

        assertEquals(new GuestExecResult(0, "bond0: up\n", "warn", false), result);
        List<FakeAgentChannel.Request> requests = channel.requests();
        assertEquals(List.of("guest-exec", "guest-exec-status", "guest-exec-status", "guest-exec-status"),
                requests.stream().map(FakeAgentChannel.Request::execute).toList());
        assertEquals("{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"ip\",\"arg\":[\"-o\",\"link\",\"show\",\"dev\",\"bond0\"],\"capture-output\":true}}",
                requests.get(0).json().toString());
        assertEquals(4711, requests.get(1).json().path("arguments").path("pid").asLong());
        assertTrue(requests.stream().allMatch(r -> r.vm().equals("vm1") && r.timeoutSeconds() == 10));
        assertEquals(List.of(Duration.ofMillis(2), Duration.ofMillis(4)), time.sleeps());
    }

    @Test
    void pollingPausesGrowToTwentyMilliseconds() {
        channel.reply("{\"return\":{\"pid\":1}}");
        for (int i = 0; i < 7; i++) channel.reply("{\"return\":{\"exited\":false}}");
        channel.reply("{\"return\":{\"exited\":true,\"exitcode\":3}}");

        GuestExecResult result = agent.exec("vm1", List.of("false"), Duration.ofSeconds(5));

        assertEquals(new GuestExecResult(3, "", "", false), result);
        assertEquals(List.of(2L, 4L, 8L, 16L, 20L, 20L, 20L), time.sleeps().stream().map(Duration::toMillis).toList());
    }

    @Test
    void aGuestCommandThatDoesNotExitInTimeIsATimeout() {
        channel.reply("{\"return\":{\"pid\":7}}").replyForever("{\"return\":{\"exited\":false}}");

        FailureException e = assertThrows(FailureException.class, () -> agent.exec("vm1", List.of("sleep", "60"), Duration.ofMillis(200)));

        Failure.Timeout timeout = assertInstanceOf(Failure.Timeout.class, e.failure());
        assertEquals(Duration.ofMillis(200), timeout.after());
        assertTrue(timeout.what().contains("sleep 60"), timeout.what());
        assertEquals(Duration.ofMillis(200), time.slept(), "never sleeps past the deadline");
    }

    @Test
    void outputIsBoundedAndMarkedTruncated() {
        byte[] big = new byte[LibvirtGuestAgent.OUTPUT_LIMIT_BYTES + 10_000];
        java.util.Arrays.fill(big, (byte) 'x');
        channel.reply("{\"return\":{\"pid\":1}}")
                .reply("{\"return\":{\"exited\":true,\"exitcode\":0,\"out-data\":\"" + Base64.getEncoder().encodeToString(big) + "\"}}");

        GuestExecResult result = agent.exec("vm1", List.of("cat", "/proc/net/bonding/bond0"), Duration.ofSeconds(5));

        assertEquals(LibvirtGuestAgent.OUTPUT_LIMIT_BYTES, result.stdout().length());
        assertTrue(result.truncated());
    }

    @Test
    void outputTheAgentItselfTruncatedIsMarkedToo() {
        channel.reply("{\"return\":{\"pid\":1}}")
                .reply("{\"return\":{\"exited\":true,\"exitcode\":0,\"out-data\":\"" + base64("abc") + "\",\"out-truncated\":true}}");
        assertTrue(agent.exec("vm1", List.of("dmesg"), Duration.ofSeconds(5)).truncated());
    }

    @Test
    void outputOfExactlyTheLimitIsNotTruncated() {
        byte[] exact = new byte[LibvirtGuestAgent.OUTPUT_LIMIT_BYTES];
        java.util.Arrays.fill(exact, (byte) 'y');
        ExecStatus.Bounded bounded = ExecStatus.decode("vm1", Base64.getEncoder().encodeToString(exact), LibvirtGuestAgent.OUTPUT_LIMIT_BYTES);
        assertFalse(bounded.truncated());
        assertEquals(exact.length, bounded.text().length());
    }

    @Test
    void aProgramKilledBySignalExitsWith128PlusTheSignal() {
        channel.reply("{\"return\":{\"pid\":1}}").reply("{\"return\":{\"exited\":true,\"signal\":9}}");
        assertEquals(137, agent.exec("vm1", List.of("sleep", "1"), Duration.ofSeconds(5)).exitCode());
    }

    @Test
    void anAgentThatIsNotConnectedOrNotRespondingIsUnavailable() {
        for (int code : List.of(86, 97, 112, 74, 55)) {
            channel.fail(new FailureException(new Failure.LibvirtError("host-a", code, "Guest agent is not responding")));
            FailureException e = assertThrows(FailureException.class, () -> agent.ping("vm1", Duration.ofSeconds(2)));
            Failure.AgentUnavailable unavailable = assertInstanceOf(Failure.AgentUnavailable.class, e.failure(), "code " + code);
            assertEquals("vm1", unavailable.vm());
        }
    }

    @Test
    void otherLibvirtErrorsStayLibvirtErrors() {
        channel.fail(new FailureException(new Failure.LibvirtError("host-a", 42, "Domain not found")));
        FailureException e = assertThrows(FailureException.class, () -> agent.enabledCommands("vm9"));
        assertEquals(42, assertInstanceOf(Failure.LibvirtError.class, e.failure()).code());
    }

    @Test
    void aProgramTheGuestCannotStartIsAFailedGuestCommand() {
        channel.fail(new FailureException(new Failure.LibvirtError("host-a", 1,
                "internal error: unable to execute QEMU agent command 'guest-exec': Failed to execute child process \"nope\"")));
        FailureException e = assertThrows(FailureException.class, () -> agent.exec("vm1", List.of("nope", "-x"), Duration.ofSeconds(5)));
        Failure.GuestCommandFailed failed = assertInstanceOf(Failure.GuestCommandFailed.class, e.failure());
        assertEquals("nope -x", failed.command());
    }

    @Test
    void pingSendsGuestPingAndNeverGuestSync() {
        channel.reply("{\"return\":{}}");
        agent.ping("vm1", Duration.ofMillis(1500));
        assertEquals(List.of("guest-ping"), channel.requests().stream().map(FakeAgentChannel.Request::execute).toList());
        assertEquals(2, channel.requests().get(0).timeoutSeconds());
    }

    @Test
    void enabledCommandsAreThoseGuestInfoListsAsEnabled() {
        channel.reply("{\"return\":{\"version\":\"7.2.0\",\"supported_commands\":["
                + "{\"enabled\":true,\"name\":\"guest-exec\",\"success-response\":true},"
                + "{\"enabled\":false,\"name\":\"guest-file-open\",\"success-response\":true},"
                + "{\"enabled\":true,\"name\":\"guest-exec-status\",\"success-response\":true},"
                + "{\"enabled\":true,\"name\":\"bad name; rm -rf\"},{\"enabled\":true}]}}");
        assertEquals(Set.of("guest-exec", "guest-exec-status"), agent.enabledCommands("vm1"));
        assertEquals("guest-info", channel.requests().get(0).execute());
    }

    @Test
    void anUnparsableReplyIsUnexpected() {
        channel.reply("{\"return\":{\"pid\":\"twelve\"}}");
        FailureException e = assertThrows(FailureException.class, () -> agent.exec("vm1", List.of("true"), Duration.ofSeconds(1)));
        assertInstanceOf(Failure.Unexpected.class, e.failure());
        channel.reply("not json at all");
        e = assertThrows(FailureException.class, () -> agent.ping("vm1", Duration.ofSeconds(1)));
        assertInstanceOf(Failure.Unexpected.class, e.failure());
    }

    @Test
    void anErrorObjectInTheReplyOfGuestExecIsAFailedGuestCommand() {
        channel.reply("{\"error\":{\"class\":\"GenericError\",\"desc\":\"Command guest-exec has been disabled\"}}");
        FailureException e = assertThrows(FailureException.class, () -> agent.exec("vm1", List.of("ip", "a"), Duration.ofSeconds(1)));
        assertTrue(assertInstanceOf(Failure.GuestCommandFailed.class, e.failure()).stderr().contains("disabled"));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
