package io.vfmigrate.adapters.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.GuestAgent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Files and the interface list read by the agent itself (no guest process), only where the guest's policy enables it. */
class AgentOwnCommandsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String ACTIVE = "/sys/class/net/bond0/bonding/active_slave";
    private static final String PRIMARY = "/sys/class/net/bond0/bonding/primary";
    private final FakeAgentChannel channel = new FakeAgentChannel();
    private final FakeTime time = new FakeTime();
    private final LibvirtGuestAgent agent = new LibvirtGuestAgent(channel, time, time);

    private static String info(String... enabled) {
        StringBuilder commands = new StringBuilder();
        for (String c : enabled) commands.append(commands.length() > 0 ? "," : "").append("{\"name\":\"").append(c).append("\",\"enabled\":true}");
        commands.append(",{\"name\":\"guest-file-write\",\"enabled\":false}");
        return "{\"return\":{\"version\":\"7.2.0\",\"supported_commands\":[" + commands + "]}}";
    }

    private static String chunk(String text, boolean eof) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return "{\"return\":{\"count\":" + bytes.length + ",\"buf-b64\":\"" + Base64.getEncoder().encodeToString(bytes) + "\",\"eof\":" + eof + "}}";
    }

    @Test
    void eachFileIsOpenedReadAndClosedAndOneThatCannotBeOpenedIsLeftOut() {
        channel.reply(info("guest-file-open", "guest-file-read", "guest-file-close"))
                .reply("{\"return\":1000}").reply(chunk("eth1\n", true)).reply("{\"return\":{}}")
                .fail(new FailureException(new Failure.LibvirtError("host-a", 1,
                        "internal error: unable to execute QEMU agent command 'guest-file-open': failed to open file: No such file or directory")));

        Optional<Map<String, String>> files = agent.readFiles("vm1", List.of(ACTIVE, PRIMARY), TIMEOUT);

        assertEquals(Optional.of(Map.of(ACTIVE, "eth1\n")), files);
        assertEquals(List.of("guest-info", "guest-file-open", "guest-file-read", "guest-file-close", "guest-file-open"),
                channel.requests().stream().map(FakeAgentChannel.Request::execute).toList());
        assertEquals("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + ACTIVE + "\",\"mode\":\"r\"}}", channel.requests().get(1).json().toString());
        assertEquals("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":1000,\"count\":" + GuestAgent.FILE_LIMIT_BYTES + "}}",
                channel.requests().get(2).json().toString());
        assertEquals(1000, channel.requests().get(3).json().path("arguments").path("handle").asLong());
    }

    @Test
    void aGuestWhosePolicyDisablesTheFileCommandsIsAskedOnceAndNeverSentThem() {
        channel.reply(info("guest-exec", "guest-exec-status", "guest-file-open"));

        assertEquals(Optional.empty(), agent.readFiles("vm1", List.of(ACTIVE), TIMEOUT));
        assertEquals(Optional.empty(), agent.readFiles("vm1", List.of(ACTIVE), TIMEOUT));
        assertEquals(Optional.empty(), agent.interfaceList("vm1", TIMEOUT));

        assertEquals(List.of("guest-info"), channel.requests().stream().map(FakeAgentChannel.Request::execute).toList());
    }

    @Test
    void aFileLongerThanTheLimitIsAFailureAndItsHandleIsClosed() {
        channel.reply(info("guest-file-open", "guest-file-read", "guest-file-close"))
                .reply("{\"return\":7}").reply(chunk("x".repeat(GuestAgent.FILE_LIMIT_BYTES), false)).reply("{\"return\":{}}");

        FailureException e = assertThrows(FailureException.class, () -> agent.readFiles("vm1", List.of(ACTIVE), TIMEOUT));

        assertEquals(GuestAgent.FILE_LIMIT_BYTES, assertInstanceOf(Failure.GuestOutputTruncated.class, e.failure()).limitBytes());
        assertEquals("guest-file-close", channel.requests().get(3).execute());
    }

    @Test
    void anAgentThatStopsAnsweringIsUnavailableNotAMissingFile() {
        channel.reply(info("guest-file-open", "guest-file-read", "guest-file-close"))
                .fail(new FailureException(new Failure.LibvirtError("host-a", 86, "Guest agent is not responding")));

        FailureException e = assertThrows(FailureException.class, () -> agent.readFiles("vm1", List.of(ACTIVE), TIMEOUT));

        assertInstanceOf(Failure.AgentUnavailable.class, e.failure());
    }

    @Test
    void theInterfaceListIsEachNameAndMacAsSent() {
        channel.reply(info("guest-network-get-interfaces"))
                .reply("{\"return\":[{\"name\":\"lo\",\"hardware-address\":\"00:00:00:00:00:00\",\"ip-addresses\":[]},"
                        + "{\"name\":\"eth0\",\"hardware-address\":\"52:54:00:c0:00:11\"},{\"name\":\"bad name;\"}]}");

        assertEquals(Optional.of(List.of("lo 00:00:00:00:00:00", "eth0 52:54:00:c0:00:11", "bad name; ")), agent.interfaceList("vm1", TIMEOUT));
    }

    @Test
    void aWriteIsOpenedWrittenFlushedAndClosed() {
        channel.reply(info("guest-file-open", "guest-file-write", "guest-file-flush", "guest-file-close"))
                .reply("{\"return\":12}").reply("{\"return\":{\"count\":5,\"eof\":false}}").reply("{\"return\":{}}").reply("{\"return\":{}}");

        assertEquals(true, agent.writeFile("vm1", ACTIVE, "eth1", TIMEOUT));

        assertEquals(List.of("guest-info", "guest-file-open", "guest-file-write", "guest-file-flush", "guest-file-close"),
                channel.requests().stream().map(FakeAgentChannel.Request::execute).toList());
        assertEquals("w", channel.requests().get(1).json().path("arguments").path("mode").asText());
        assertEquals("eth1", new String(Base64.getDecoder().decode(channel.requests().get(2).json().path("arguments").path("buf-b64").asText()),
                StandardCharsets.UTF_8));
    }

    /** sysfs answers a refused value at the write(2), which the agent makes when it flushes: a failed guest command naming file and value. */
    @Test
    void aValueTheKernelRefusesIsAFailedGuestCommandAndTheFileIsClosed() {
        channel.reply(info("guest-file-open", "guest-file-write", "guest-file-flush", "guest-file-close"))
                .reply("{\"return\":12}").reply("{\"return\":{\"count\":6,\"eof\":false}}")
                .fail(new FailureException(new Failure.LibvirtError("host-a", 1,
                        "internal error: unable to execute QEMU agent command 'guest-file-flush': failed to flush file: No such device")))
                .reply("{\"return\":{}}");

        FailureException e = assertThrows(FailureException.class, () -> agent.writeFile("vm1", ACTIVE, "nosuch", TIMEOUT));

        Failure.GuestCommandFailed failed = assertInstanceOf(Failure.GuestCommandFailed.class, e.failure());
        assertEquals("write nosuch to " + ACTIVE, failed.command());
        assertEquals("guest-file-close", channel.requests().get(4).execute());
    }

    @Test
    void aGuestThatDoesNotAllowFileWritesIsNeverSentOne() {
        channel.reply(info("guest-file-open", "guest-file-read", "guest-file-close"));

        assertEquals(false, agent.writeFile("vm1", ACTIVE, "eth1", TIMEOUT));

        assertEquals(List.of("guest-info"), channel.requests().stream().map(FakeAgentChannel.Request::execute).toList());
    }
}
