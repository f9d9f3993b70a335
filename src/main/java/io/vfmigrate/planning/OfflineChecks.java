package io.vfmigrate.planning;

import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Vf;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.VfPool;
import io.vfmigrate.workflow.FactKeys;
import io.vfmigrate.workflow.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The preflight of an offline move: the VM is defined, persistent and shut off on the source, and absent
 * on the destination; each VF its definition names gets a free VF of the same network on the destination
 * (the plan's when still free). No guest is asked and no memory is needed: nothing runs.
 */
final class OfflineChecks {
    private OfflineChecks() {}

    static Preflight prepare(String vm, Host source, Host destination, Facts facts, Predicate<Vf> vfAvailable,
                             Map<String, String> plannedVfs) {
        Preflight pf = new Preflight();
        DomainDescription[] domain = new DomainDescription[1];
        pf.run("vm-shut-off-on-source", () -> {
            DomainState state = source.hypervisor().domainState(vm);
            if (!state.isPresent()) return Check.failed("vm-shut-off-on-source", vm + " is not defined on " + source.name());
            if (state.isActive()) {
                return Check.failed("vm-shut-off-on-source", vm + " is " + state + " on " + source.name() + ": an offline move is for a shut-off VM");
            }
            Optional<String> xml = source.hypervisor().definedDomainXml(vm);
            if (xml.isEmpty()) return Check.failed("vm-shut-off-on-source", vm + " is not persistent on " + source.name() + ": no definition to move");
            domain[0] = DomainDescription.parse(xml.get());
            return Check.ok("vm-shut-off-on-source", vm + " is defined and " + state + " on " + source.name());
        });
        pf.run("destination-differs", () -> source.name().equals(destination.name())
                ? Check.failed("destination-differs", "source and destination are both " + source.name())
                : Check.ok("destination-differs", source.name() + " -> " + destination.name()));
        pf.run("destination-answers", () -> {
            destination.hypervisor().ping();
            DomainState there = destination.hypervisor().domainState(vm);
            return there.isPresent()
                    ? Check.failed("destination-answers", vm + " is already defined on " + destination.name() + " (" + there + ")")
                    : Check.ok("destination-answers", destination.name() + " answers");
        });
        VmTopology[] topology = new VmTopology[1];
        pf.run("vfs-found", () -> {
            for (VfPool pool : source.vfPools().values()) {
                if (!pool.namesVfInDefinition() && !pool.attachedTo(domain[0]).isEmpty()) {
                    return Check.failed("vfs-found", vm + "'s definition takes its VF from " + pool.describe() + " (network "
                            + pool.network() + "), which names no VF: an offline move of such a VM is not supported (move the definition with "
                            + "`virsh migrate --offline --persistent --undefinesource`; libvirt picks the VF when it starts)");
                }
            }
            topology[0] = topology(source, domain[0]);
            return Check.ok("vfs-found", topology[0].vfs().isEmpty() ? vm + " has no VF: its definition moves as it is"
                    : topology[0].vfs().size() + " VF(s) in its definition: " + String.join(", ",
                    topology[0].vfs().stream().map(m -> m.vf().vf().id() + " " + m.vf().mac()).toList()));
        });
        if (pf.passed()) new VlanChecks(source, topology[0], false).run(pf);
        if (pf.passed()) TopologyFacts.record(facts, source, destination, topology[0]);
        if (pf.passed()) new DestinationChoice(destination, topology[0], vfAvailable, plannedVfs).run(pf, facts);
        facts.put(FactKeys.VM_HOST, source.name());
        return pf;
    }

    /** The VFs the definition names, with the settings the source host knows for them; no guest link, no bond. */
    private static VmTopology topology(Host source, DomainDescription domain) {
        List<VmTopology.Member> members = new ArrayList<>();
        for (VfPool pool : source.vfPools().values()) {
            for (AttachedVf vf : pool.attachedTo(domain)) {
                members.add(new VmTopology.Member(vf, pool.settingsOf(vf), Optional.empty(), Optional.empty(), List.of()));
            }
        }
        return new VmTopology(domain, members);
    }
}
