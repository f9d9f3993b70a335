package io.vfmigrate.adapters.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import io.vfmigrate.ports.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link GuestAgent} port over qemu-guest-agent commands sent through libvirt. A guest command is
 * guest-exec, then guest-exec-status polled (a few ms growing to {@link #MAX_PAUSE}) until it exited or
 * the timeout passed. A command that times out keeps running in the guest: the agent cannot kill it.
 * guest-sync is never sent: libvirt sends it itself before each command.
 */
public final class LibvirtGuestAgent implements GuestAgent {
    public static final int OUTPUT_LIMIT_BYTES = GuestAgent.OUTPUT_LIMIT_BYTES;
    static final Duration FIRST_PAUSE = Duration.ofMillis(2);
    static final Duration MAX_PAUSE = Duration.ofMillis(20);
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(10);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LibvirtGuestAgent.class);

    private final AgentCall call;
    private final AgentOwnCommands own;
    private final Sleeper sleeper;
    private final Clock clock;

    public LibvirtGuestAgent(AgentChannel channel, Sleeper sleeper, Clock clock) {
        this.call = new AgentCall(channel);
        this.own = new AgentOwnCommands(call, this::enabledCommands);
        this.sleeper = sleeper;
        this.clock = clock;
    }

    public LibvirtGuestAgent(AgentChannel channel) {
        this(channel, Sleeper.SYSTEM, Clock.systemUTC());
    }

    @Override
    public void ping(String vm, Duration timeout) {
        send(vm, AgentMessages.ping(), seconds(timeout), Optional.empty());
    }

    @Override
    public Set<String> enabledCommands(String vm) {
        return AgentMessages.enabledCommands(send(vm, AgentMessages.info(), seconds(INFO_TIMEOUT), Optional.empty()));
    }

    /** A non-zero exit is a result; a program the guest cannot start is a {@code GuestCommandFailed}. */
    @Override
    public GuestExecResult exec(String vm, List<String> argv, Duration timeout) {
        String command = String.join(" ", argv);
        long start = System.nanoTime();
        Instant deadline = clock.instant().plus(timeout);
        long pid = start(vm, argv, secondsLeft(deadline));
        long started = System.nanoTime();
        Duration pause = FIRST_PAUSE;
        for (int polls = 1; ; polls++) {
            Optional<GuestExecResult> exited = status(vm, pid, secondsLeft(deadline));
            if (exited.isPresent()) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("guest command `{}` in {}: exit {} after {} ms (guest-exec {} ms, {} status poll(s))", command, vm,
                            exited.get().exitCode(), (System.nanoTime() - start) / 1_000_000, (started - start) / 1_000_000, polls);
                }
                return exited.get();
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new FailureException(new Failure.Timeout("guest command `" + command + "` (pid " + pid + ") in " + vm, timeout));
            }
            pause(vm, pause.compareTo(left) < 0 ? pause : left);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) < 0 ? pause.multipliedBy(2) : MAX_PAUSE;
        }
    }

    @Override
    public long start(String vm, List<String> argv, Duration timeout) {
        return start(vm, argv, seconds(timeout));
    }

    @Override
    public Optional<GuestExecResult> status(String vm, long pid, Duration timeout) {
        return status(vm, pid, seconds(timeout));
    }

    private long start(String vm, List<String> argv, int timeoutSeconds) {
        return AgentMessages.pid(vm, send(vm, AgentMessages.exec(argv), timeoutSeconds, Optional.of(String.join(" ", argv))));
    }

    private Optional<GuestExecResult> status(String vm, long pid, int timeoutSeconds) {
        ExecStatus status = ExecStatus.parse(vm, send(vm, AgentMessages.execStatus(pid), timeoutSeconds, Optional.empty()), OUTPUT_LIMIT_BYTES);
        return status.exited() ? Optional.of(status.result()) : Optional.empty();
    }

    private JsonNode send(String vm, String json, int timeoutSeconds, Optional<String> command) {
        return call.send(vm, json, timeoutSeconds, command);
    }

    @Override
    public Optional<Map<String, String>> readFiles(String vm, List<String> paths, Duration timeout) {
        return own.files(vm, paths, seconds(timeout));
    }

    @Override
    public Optional<List<String>> interfaceList(String vm, Duration timeout) {
        return own.interfaces(vm, seconds(timeout));
    }

    @Override
    public boolean writeFile(String vm, String path, String value, Duration timeout) {
        return own.write(vm, path, value, seconds(timeout));
    }

    private void pause(String vm, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailureException(new Failure.Interrupted("waiting for a guest command in " + vm));
        }
    }

    private int secondsLeft(Instant deadline) {
        return seconds(Duration.between(clock.instant(), deadline));
    }

    /** libvirt's agent timeout is in whole seconds; 0 would mean "do not wait" and negatives block. */
    static int seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
    }
}
