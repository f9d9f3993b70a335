package io.vfmigrate.planning;

import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.FactKeys;
import io.vfmigrate.workflow.Poll;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.StepDefinition;
import io.vfmigrate.workflow.WorkflowDefinition;
import io.vfmigrate.workflow.steps.AddTemporaryPort;
import io.vfmigrate.workflow.steps.StepTypes;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs the read-only preflight checks, each reported by name, and on the way records in the run's
 * facts what the steps need: the VM's VFs, their guest links and bonds, and the destination VFs.
 */
public final class MigrationPlanner {
    private final Duration guestTimeout;
    private final boolean allowOutage;
    private final java.util.Map<String, String> plannedVfs;
    private final boolean tls;
    private final Optional<ConvergenceCheck.Settings> convergence;
    private final Poll poll;

    /**
     * {@code plannedVfs}: destination VF ids an evacuation plan promised, by source VF id; used when still free.
     * {@code tls}: the run's migration policy asks for an encrypted migration stream (checked on both hosts).
     * {@code convergence}: the policy for the convergence prediction (none: a workflow without a live migration).
     */
    public MigrationPlanner(Duration guestTimeout, boolean allowOutage, java.util.Map<String, String> plannedVfs, boolean tls,
                            Optional<ConvergenceCheck.Settings> convergence, Poll poll) {
        this.guestTimeout = guestTimeout;
        this.allowOutage = allowOutage;
        this.plannedVfs = java.util.Map.copyOf(plannedVfs);
        this.tls = tls;
        this.convergence = convergence;
        this.poll = poll;
    }

    /** {@code vfAvailable} says whether a destination VF may be taken (and, in a real run, takes it). */
    public Preflight prepare(String vm, Host source, Host destination, WorkflowDefinition workflow, Facts facts, Predicate<Vf> vfAvailable) {
        if (workflow.offline()) {
            return OfflineChecks.prepare(vm, source, destination, facts, vfAvailable, plannedVfs);
        }
        Preflight pf = new Preflight();
        boolean needsBond = workflow.steps().stream().map(StepDefinition::type).anyMatch(StepTypes::needsBond);
        boolean movesVfs = workflow.movesVfs();
        DomainDescription[] domain = new DomainDescription[1];
        pf.run("vm-runs-on-source", () -> {
            String xml = source.hypervisor().runningDomainXml(vm).orElseThrow(() -> new FailureException(
                    new Failure.Unexpected("VM " + vm + " is not running on " + source.name())));
            domain[0] = DomainDescription.parse(xml);
            var state = source.hypervisor().domainState(vm);
            if (!state.isRunning()) return Check.failed("vm-runs-on-source", vm + " is " + state + " on " + source.name() + ", not running");
            return Check.ok("vm-runs-on-source", vm + " runs on " + source.name());
        });
        Optional<ConvergenceCheck> prediction = pf.passed() ? convergence.map(c -> ConvergenceCheck.start(source, vm, c, poll)) : Optional.empty();
        pf.run("destination-differs", () -> source.name().equals(destination.name())
                ? Check.failed("destination-differs", "source and destination are both " + source.name())
                : Check.ok("destination-differs", source.name() + " -> " + destination.name()));
        pf.run("destination-answers", () -> {
            destination.hypervisor().ping();
            return destination.hypervisor().isActive(vm)
                    ? Check.failed("destination-answers", vm + " already has a copy on " + destination.name() + " ("
                            + destination.hypervisor().domainState(vm) + ")")
                    : Check.ok("destination-answers", destination.name() + " answers");
        });
        pf.run("host-shells", () -> HostShellCheck.run(source, destination));
        if (tls) pf.run(MigrationTlsCheck.NAME, () -> MigrationTlsCheck.run(source, destination));
        if (!movesVfs) return predicted(withoutVfs(vm, source, destination, domain, pf, facts), prediction, domain[0]);
        pf.run("guest-agent", () -> {
            source.agent().ping(vm, guestTimeout);
            Set<String> enabled = source.agent().enabledCommands(vm);
            if (!enabled.contains("guest-exec") || !enabled.contains("guest-exec-status")) {
                return Check.failed("guest-agent", "the guest's agent policy does not allow guest-exec");
            }
            return GuestChecks.iproute2(source.agent(), vm, guestTimeout);
        });
        GuestNetwork guest = new GuestNetwork(source.agent(), vm, guestTimeout);
        VmTopology[] topology = new VmTopology[1];
        pf.run("vfs-found", () -> {
            topology[0] = TopologyReader.read(source, domain[0], guest);
            return topology[0].vfs().isEmpty()
                    ? Check.failed("vfs-found", vm + " has no VF of any network that the inventory lists for " + source.name())
                    : Check.ok("vfs-found", topology[0].vfs().size() + " VF(s): " + String.join(", ",
                            topology[0].vfs().stream().map(m -> m.vf().vf().id() + " " + m.vf().mac()).toList()));
        });
        Optional<StepDefinition> port = workflow.steps().stream().filter(s -> s.type().equals(AddTemporaryPort.TYPE)).findFirst();
        boolean portOnVfVlan = port.map(AddTemporaryPort.Vlan::of).orElse(AddTemporaryPort.Vlan.NONE) == AddTemporaryPort.Vlan.VF;
        if (pf.passed()) new GuestChecks(topology[0], needsBond, allowOutage).run(pf);
        if (pf.passed()) new VlanChecks(source, topology[0], portOnVfVlan).run(pf);
        if (pf.passed()) TopologyFacts.record(facts, source, destination, topology[0]);
        if (pf.passed() && needsBond) DataPathProbes.run(pf, source, guest, facts);
        if (pf.passed()) new DestinationChoice(destination, topology[0], vfAvailable, plannedVfs).run(pf, facts);
        port.ifPresent(p -> new TemporaryPortChecks(source, destination, p.text("port"), portOnVfVlan).run(pf, topology[0]));
        checkMemory(vm, destination, domain[0], pf);
        facts.put(FactKeys.VM_HOST, source.name());
        return predicted(pf, prediction, domain[0]);
    }

    /** The convergence prediction last: its measurement ran while the other checks did. */
    private Preflight predicted(Preflight pf, Optional<ConvergenceCheck> prediction, DomainDescription domain) {
        prediction.ifPresent(p -> pf.run(ConvergenceCheck.NAME, () -> p.finish(domain.memoryKiB() * 1024)));
        return pf;
    }

    /** A workflow that neither detaches nor attaches VFs (`plain`) moves only VMs that have none; no guest is asked. */
    private Preflight withoutVfs(String vm, Host source, Host destination, DomainDescription[] domain, Preflight pf, Facts facts) {
        pf.run("no-vf", () -> {
            java.util.List<String> vfs = new java.util.ArrayList<>();
            for (var pool : source.vfPools().values()) pool.attachedTo(domain[0]).forEach(a -> vfs.add(a.vf().id() + " " + a.mac()));
            return vfs.isEmpty() ? Check.ok("no-vf", vm + " has no VF: a plain live migration")
                    : Check.failed("no-vf", vm + " has VF(s) " + String.join(", ", vfs) + ": a workflow without detach-vf and attach-vf cannot move it");
        });
        if (pf.passed()) TopologyFacts.record(facts, source, destination, new VmTopology(domain[0], java.util.List.of()));
        checkMemory(vm, destination, domain[0], pf);
        facts.put(FactKeys.VM_HOST, source.name());
        return pf;
    }

    private static void checkMemory(String vm, Host destination, DomainDescription domain, Preflight pf) {
        pf.run("destination-memory", () -> {
            long free = destination.hypervisor().resources().freeMemoryKiB();
            long need = domain.memoryKiB();
            return free >= need
                    ? Check.ok("destination-memory", destination.name() + " has " + free / 1024 + " MiB free, " + vm + " needs " + need / 1024 + " MiB")
                    : Check.failed("destination-memory", destination.name() + " has " + free / 1024 + " MiB free, " + vm + " needs " + need / 1024 + " MiB");
        });
    }
}
