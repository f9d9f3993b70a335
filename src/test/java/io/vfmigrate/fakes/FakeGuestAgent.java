package io.vfmigrate.fakes;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
        d.guest.answered();
        return d.guest;
    }

    public void ping(String vm, Duration timeout) { guest(vm); }

    public Set<String> enabledCommands(String vm) {
        FakeGuest g = guest(vm);
        Set<String> enabled = new TreeSet<>(Set.of("guest-ping"));
        if (g.guestExecAllowed) enabled.addAll(Set.of("guest-exec", "guest-exec-status"));
        if (g.agentReadsAllowed) enabled.addAll(READS);
        return enabled;
    }

    private static final Set<String> READS = Set.of("guest-file-open", "guest-file-read", "guest-file-write", "guest-file-flush", "guest-file-close",
            "guest-network-get-interfaces");

    /** Each file as `grep -H` of it alone would show it; recorded as one guest call "read PATH...". */
    public Optional<Map<String, String>> readFiles(String vm, List<String> paths, Duration timeout) {
        FakeGuest g = guest(vm);
        if (!g.agentReadsAllowed) return Optional.empty();
        String call = "read " + String.join(" ", paths);
        world.recordGuestCall(hypervisor.host() + " " + call);
        world.checkFault("guest " + call);
        Map<String, String> files = new LinkedHashMap<>();
        for (String path : paths) {
            try {
                String line = GuestShell.run(g, List.of("grep", "-H", "", path));
                if (line.startsWith(path + ":")) files.put(path, line.substring(path.length() + 1));
            } catch (IllegalArgumentException e) {
                // no such file: left out, as the agent cannot open it
            }
        }
        return Optional.of(files);
    }

    /**
     * A bond attribute written as the kernel takes it, applied as the equivalent iproute2 command would be (the same bonding
     * option); recorded as the guest call "write PATH VALUE", a mutation, and a fault point.
     */
    public boolean writeFile(String vm, String path, String value, Duration timeout) {
        FakeGuest g = guest(vm);
        if (!g.agentReadsAllowed) return false;
        String call = "write " + path + " " + value;
        world.recordGuestCall(hypervisor.host() + " " + call);
        world.checkFault("guest " + call);
        world.recordMutation(hypervisor.host() + " guest " + call);
        String[] parts = path.split("/");
        if (parts.length != 7 || !parts[5].equals("bonding") || !g.bonds.containsKey(parts[4])) {
            throw new FailureException(new Failure.GuestCommandFailed(vm, "write " + value + " to " + path, -1, "No such file or directory"));
        }
        String bond = parts[4];
        List<String> argv = switch (parts[6]) {
            case "slaves" -> value.startsWith("+") ? List.of("ip", "link", "set", "dev", value.substring(1), "master", bond)
                    : List.of("ip", "link", "set", "dev", value.substring(1), "nomaster");
            case "active_slave", "primary", "all_slaves_active" -> List.of("ip", "link", "set", "dev", bond, "type", "bond", parts[6], value);
            default -> throw new FailureException(new Failure.GuestCommandFailed(vm, "write " + value + " to " + path, -1, "Permission denied"));
        };
        try {
            GuestShell.run(g, argv);
        } catch (IllegalArgumentException e) {
            throw new FailureException(new Failure.GuestCommandFailed(vm, "write " + value + " to " + path, -1, "failed to flush file: " + e.getMessage()));
        }
        return true;
    }

    /** Recorded as "interfaces" (the step pins count these polls as guest round trips). */
    public Optional<List<String>> interfaceList(String vm, Duration timeout) {
        FakeGuest g = guest(vm);
        if (!g.agentReadsAllowed) return Optional.empty();
        world.recordGuestCall(hypervisor.host() + " interfaces");
        world.checkFault("guest interfaces");
        return Optional.of(g.links.values().stream().map(l -> l.name + " " + l.mac).toList());
    }

    /**
     * Only the guest-side enslave is started (recorded as "watch MAC BOND KNOWN"); anything else, or a guest that cannot run it,
     * is a failed start.
     */
    public long start(String vm, List<String> argv, Duration timeout) {
        FakeGuest g = guest(vm);
        boolean watcher = argv.size() == 8 && argv.get(0).equals("sh") && argv.get(3).equals("vfmigrate-enslave");
        String call = watcher ? "watch " + argv.get(4) + " " + argv.get(5) + " " + argv.get(6) : "start " + String.join(" ", argv);
        world.recordGuestCall(hypervisor.host() + " " + call);
        world.checkFault("guest " + call);
        if (!g.guestExecAllowed || !watcher) throw new FailureException(new Failure.GuestCommandFailed(vm, call, -1, "guest-exec is disabled"));
        java.util.Set<Integer> known = new java.util.HashSet<>();
        for (String k : argv.get(6).split(" ")) if (!k.isEmpty()) known.add(Integer.parseInt(k));
        return g.watch(new FakeGuest.Watcher(argv.get(4), argv.get(5), known));
    }

    /**
     * A watcher ends as the script does: exit 1 at once where the guest cannot run it; exit 3 once a NIC with its MAC that is
     * none of its known ones is a slave (something else enslaved it); else, once such a NIC is there down, that NIC enslaved
     * (recorded as the mutation "watch-enslave NAME BOND", a fault point: a refused enslave leaves it waiting) and "IFINDEX
     * NAME" printed; running until then (a NIC that is up is left alone).
     */
    public Optional<GuestExecResult> status(String vm, long pid, Duration timeout) {
        FakeGuest g = guest(vm);
        FakeGuest.Watcher w = g.watchers.get(pid);
        if (w == null) throw new FailureException(new Failure.GuestCommandFailed(vm, "guest-exec-status " + pid, -1, "Invalid parameter 'pid'"));
        if (!g.enslavesOnArrival) {
            g.watchers.remove(pid);
            return Optional.of(new GuestExecResult(1, "", "ip: Object \"monitor\" is unknown, try \"ip help\".\n", false));
        }
        if (g.watcherMisses) return Optional.empty();
        var nics = g.links.values().stream()
                .filter(l -> l.kind == null && !g.bonds.containsKey(l.name) && l.permMac.equals(w.mac()) && !w.known().contains(l.ifindex)).toList();
        if (nics.stream().anyMatch(l -> l.master != null)) {
            g.watchers.remove(pid);
            return Optional.of(new GuestExecResult(3, "", "", false));
        }
        var nic = nics.stream().filter(l -> !l.up).findFirst();
        if (nic.isEmpty()) return Optional.empty();
        String call = "watch-enslave " + nic.get().name + " " + w.bond();
        world.recordGuestCall(hypervisor.host() + " " + call);
        try {
            world.checkFault("guest " + call);
        } catch (FailureException e) {
            return Optional.empty();
        }
        world.recordMutation(hypervisor.host() + " guest " + call);
        g.enslave(nic.get().name, w.bond());
        g.watchers.remove(pid);
        return Optional.of(new GuestExecResult(0, nic.get().ifindex + " " + nic.get().name + "\n", "", false));
    }

    public GuestExecResult exec(String vm, List<String> argv, Duration timeout) {
        FakeGuest g = guest(vm);
        String call = String.join(" ", argv);
        world.recordGuestCall(hypervisor.host() + " " + call);
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
