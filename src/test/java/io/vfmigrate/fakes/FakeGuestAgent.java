package io.vfmigrate.fakes;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Answers the guest commands vfmigrate issues, against the {@link FakeGuest} of a VM on one host. */
public final class FakeGuestAgent implements GuestAgent {
    private final FakeWorld world;
    private final FakeHypervisor hypervisor;

    FakeGuestAgent(FakeWorld world, FakeHypervisor hypervisor) {
        this.world = world;
        this.hypervisor = hypervisor;
    }

    private FakeGuest guest(String vm) {
        FakeHypervisor.Domain d = hypervisor.domains.get(vm);
        if (d == null || !d.guest.agentRunning) {
            throw new FailureException(new Failure.AgentUnavailable(vm, "guest agent is not connected"));
        }
        if (d.state.isPaused()) throw new FailureException(new Failure.AgentUnavailable(vm, "the domain is paused: the guest agent does not answer"));
        return d.guest;
    }

    public void ping(String vm, Duration timeout) { guest(vm); }

    public Set<String> enabledCommands(String vm) {
        return guest(vm).guestExecAllowed ? Set.of("guest-ping", "guest-exec", "guest-exec-status") : Set.of("guest-ping");
    }

    public GuestExecResult exec(String vm, List<String> argv, Duration timeout) {
        FakeGuest g = guest(vm);
        String call = String.join(" ", argv);
        world.guestCalls.add(hypervisor.host() + " " + call);
        world.checkFault("guest " + call);
        boolean mutating = argv.size() > 2 && argv.get(0).equals("ip") && argv.get(1).equals("link") && argv.get(2).equals("set");
        if (mutating) world.recordMutation(hypervisor.host() + " guest " + call);
        if (argv.equals(List.of("ip", "-V"))) {
            if (g.ipVersion == null) throw new FailureException(new Failure.Unexpected("guest-exec of ip in " + vm + ": No such file or directory"));
            return new GuestExecResult(Integer.parseInt(g.ipVersion[0]), g.ipVersion[1], g.ipVersion[2], false);
        }
        try {
            String out = GuestShell.run(g, argv);
            // bounded as the real agent bounds it
            boolean truncated = out.length() > OUTPUT_LIMIT_BYTES;
            return new GuestExecResult(0, truncated ? out.substring(0, OUTPUT_LIMIT_BYTES) : out, "", truncated);
        } catch (IllegalArgumentException e) {
            return new GuestExecResult(1, "", e.getMessage(), false);
        }
    }
}
