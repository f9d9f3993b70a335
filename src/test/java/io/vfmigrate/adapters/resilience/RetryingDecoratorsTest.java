package io.vfmigrate.adapters.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.fakes.FakeHypervisor;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import io.vfmigrate.ports.MigrationRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryingDecoratorsTest {
    private static final Duration WAIT = Duration.ofMillis(1);
    private final FakeHypervisor source = new FakeHypervisor("host-a");
    private final RetryingHypervisor retrying = new RetryingHypervisor(source, 3, WAIT);

    @Test
    void probesAreRetriedOnTransientFailures() {
        source.failNext(libvirt(39), libvirt(38));
        assertEquals(Optional.empty(), retrying.runningDomainXml("vm1"));
        assertEquals(3, source.calls().size());
    }

    @Test
    void theLastFailureComesOutAfterTheLastAttempt() {
        source.failNext(libvirt(39), libvirt(39), libvirt(5));
        FailureException e = assertThrows(FailureException.class, retrying::ping);
        assertEquals(5, ((Failure.LibvirtError) e.failure()).code());
        assertEquals(3, source.calls().size());
    }

    @Test
    void aDefinitiveFailureIsNotRetried() {
        source.failNext(libvirt(42));
        assertThrows(FailureException.class, () -> retrying.jobProgress("vm1"));
        assertEquals(List.of("jobProgress vm1"), source.calls());
    }

    @Test
    void everyProbeRetries() {
        source.failNext(libvirt(39), libvirt(39));
        retrying.runningDomainXmls();
        source.failNext(libvirt(1), libvirt(86));
        retrying.resources();
        source.failNext(libvirt(68));
        retrying.networkXml("hostnet");
        assertEquals(List.of("runningDomainXmls", "runningDomainXmls", "runningDomainXmls", "resources", "resources", "resources",
                "networkXml hostnet", "networkXml hostnet"), source.calls());
    }

    @Test
    void actionsGoThroughExactlyOnce() {
        for (Runnable action : List.<Runnable>of(
                () -> retrying.attachDevice("vm1", "<interface/>"),
                () -> retrying.detachDevice("vm1", "<interface/>", "ua-x", WAIT),
                () -> retrying.abortJob("vm1"),
                () -> retrying.migrate("vm1", new FakeHypervisor("host-b"), request()))) {
            source.failNext(libvirt(39));
            assertThrows(FailureException.class, action::run);
        }
        assertEquals(4, source.calls().size());
    }

    @Test
    void aProbeWhoseConnectionWasLostGoesOnceMoreOnANewConnection() {
        source.failNext(lost());
        assertEquals(Optional.empty(), retrying.runningDomainXml("vm1"));
        assertEquals(List.of("runningDomainXml vm1", "runningDomainXml vm1"), source.calls());
    }

    @Test
    void lostAgainOrNotReopenedTheHostIsUnreachableAfterOneReopen() {
        for (FailureException second : List.of(lost(), libvirt(38), unreachable())) {
            FakeHypervisor host = new FakeHypervisor("host-a").failNext(lost(), second, lost(), lost());
            FailureException e = assertThrows(FailureException.class, new RetryingHypervisor(host, 3, WAIT)::ping);
            Failure.HostUnreachable u = assertInstanceOf(Failure.HostUnreachable.class, e.failure());
            assertEquals("host-a", u.host());
            assertEquals(2, host.calls().size(), "one reopen per call, no retry after: " + host.calls());
        }
        source.failNext(lost(), libvirt(38));
        String line = assertThrows(FailureException.class, retrying::resources).failure().message();
        assertEquals("host host-a is unreachable over libvirt: the connection was lost (internal error: client socket is closed) "
                + "and reopening it failed: libvirt on host-a (code 38): code 38", line);
    }

    @Test
    void aDefinitiveAnswerAfterTheReopenIsTheAnswer() {
        source.failNext(lost(), libvirt(42));
        FailureException e = assertThrows(FailureException.class, () -> retrying.domainState("vm1"));
        assertEquals(42, ((Failure.LibvirtError) e.failure()).code());
    }

    @Test
    void anActionWhoseConnectionWasLostIsNotSentAgain() {
        source.failNext(lost());
        FailureException e = assertThrows(FailureException.class, () -> retrying.attachDevice("vm1", "<interface/>"));
        assertInstanceOf(Failure.ConnectionLost.class, e.failure());
        assertEquals(1, source.calls().size());
    }

    @Test
    void theGuestAgentsProbesReopenOnceToo() {
        ScriptedAgent agent = new ScriptedAgent();
        RetryingGuestAgent retryingAgent = new RetryingGuestAgent(agent, 3, WAIT);
        agent.failures.addAll(List.of(lost(), lost()));
        assertInstanceOf(Failure.HostUnreachable.class, assertThrows(FailureException.class, () -> retryingAgent.ping("vm1", WAIT)).failure());
        assertEquals(List.of("ping", "ping"), agent.calls);
    }

    @Test
    void migrationGetsTheUndecoratedDestination() {
        retrying.migrate("vm1", new RetryingHypervisor(new FakeHypervisor("host-b")), request());
        assertEquals(List.of("migrate vm1 to host-b via FakeHypervisor"), source.calls());
    }

    @Test
    void theGuestAgentRetriesPingAndEnabledCommandsButNeverExec() {
        ScriptedAgent agent = new ScriptedAgent();
        RetryingGuestAgent retryingAgent = new RetryingGuestAgent(agent, 3, WAIT);
        agent.failures.addAll(List.of(unavailable(), unavailable()));
        retryingAgent.ping("vm1", Duration.ofSeconds(1));
        agent.failures.add(unavailable());
        assertEquals(Set.of("guest-exec"), retryingAgent.enabledCommands("vm1"));
        agent.failures.add(unavailable());
        assertThrows(FailureException.class, () -> retryingAgent.exec("vm1", List.of("true"), Duration.ofSeconds(1)));
        assertEquals(List.of("ping", "ping", "ping", "enabledCommands", "enabledCommands", "exec"), agent.calls);
    }

    private static MigrationRequest request() {
        return new MigrationRequest(Optional.empty(), Set.of(MigrationRequest.Flag.LIVE), Optional.empty(), Optional.empty(), Duration.ofMinutes(1));
    }

    private static FailureException libvirt(int code) {
        return new FailureException(new Failure.LibvirtError("host-a", code, "code " + code));
    }

    private static FailureException lost() {
        return new FailureException(new Failure.ConnectionLost("host-a", "internal error: client socket is closed"));
    }

    private static FailureException unreachable() {
        return new FailureException(new Failure.HostUnreachable("host-a", "libvirt", "host key verification failed"));
    }

    private static FailureException unavailable() {
        return new FailureException(new Failure.AgentUnavailable("vm1", "not connected"));
    }

    private static final class ScriptedAgent implements GuestAgent {
        final List<FailureException> failures = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        private void call(String name) {
            calls.add(name);
            if (!failures.isEmpty()) throw failures.remove(0);
        }

        @Override public void ping(String vm, Duration timeout) { call("ping"); }

        @Override public Set<String> enabledCommands(String vm) {
            call("enabledCommands");
            return Set.of("guest-exec");
        }

        @Override public long start(String vm, List<String> argv, Duration timeout) { call("start"); return 1; }

        @Override public java.util.Optional<GuestExecResult> status(String vm, long pid, Duration timeout) { call("status"); return java.util.Optional.empty(); }

        @Override public GuestExecResult exec(String vm, List<String> argv, Duration timeout) {
            call("exec");
            return new GuestExecResult(0, "", "", false);
        }

        @Override public java.util.Optional<java.util.Map<String, String>> readFiles(String vm, List<String> paths, Duration timeout) {
            call("readFiles");
            return java.util.Optional.empty();
        }

        @Override public boolean writeFile(String vm, String path, String value, Duration timeout) {
            call("writeFile");
            return false;
        }

        @Override public java.util.Optional<List<String>> interfaceList(String vm, Duration timeout) {
            call("interfaceList");
            return java.util.Optional.empty();
        }
    }

    @Test
    void transientFailuresAreThoseWorthAnotherAttempt() {
        assertTrue(TransientFailures.isTransient(libvirt(86)));
        assertTrue(TransientFailures.isTransient(new FailureException(new Failure.Timeout("x", WAIT))));
        assertTrue(!TransientFailures.isTransient(libvirt(43)));
        assertTrue(!TransientFailures.isTransient(new IllegalStateException("a bug")));
        assertTrue(!TransientFailures.isTransient(FailureException.unexpected("odd reply")));
    }
}
