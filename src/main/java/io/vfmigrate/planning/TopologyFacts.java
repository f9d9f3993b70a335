package io.vfmigrate.planning;

import io.vfmigrate.guest.BondState;
import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.ports.Host;
import io.vfmigrate.workflow.BondFacts;
import io.vfmigrate.workflow.FactKeys;
import io.vfmigrate.workflow.Facts;
import io.vfmigrate.workflow.VfFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes the VM's topology into the run's facts, in the form the steps read. */
final class TopologyFacts {
    private TopologyFacts() {}

    static void record(Facts facts, Host source, Host destination, VmTopology topology) {
        facts.put("source.host", source.name());
        facts.put("destination.host", destination.name());
        facts.put(FactKeys.VM_HOST, source.name());
        List<VmTopology.Member> vfs = topology.vfs();
        facts.put(FactKeys.VF_COUNT, vfs.size());
        Map<GuestInterfaceName, List<Integer>> bonds = new LinkedHashMap<>();
        for (int i = 0; i < vfs.size(); i++) {
            VmTopology.Member m = vfs.get(i);
            Optional<GuestInterfaceName> bond = m.bond().map(BondState::bond);
            VfFacts.record(facts, i, m.vf().vf(), m.settings(), bond.map(GuestInterfaceName::value), m.link().map(GuestLink::ifindex));
            final int index = i;
            bond.ifPresent(b -> bonds.computeIfAbsent(b, k -> new ArrayList<>()).add(index));
        }
        int b = 0;
        for (var e : bonds.entrySet()) {
            List<Integer> members = e.getValue();
            BondState state = vfs.get(members.get(0)).bond().orElseThrow();
            int active = indexOf(vfs, members, state.activeSlave()).orElse(members.get(0));
            Optional<Integer> primary = indexOf(vfs, members, state.primary());
            // the VLAN of the active VF: every VF of the bond is on it when the temporary port carries it (VlanChecks)
            BondFacts.record(facts, b++, e.getKey(), vfs.get(active).vf().vf().network(), vfs.get(active).vf().mac(), members, active, primary,
                    state.allSlavesActive(), vfs.get(active).settings().vlan());
        }
        facts.put(FactKeys.BOND_COUNT, b);
    }

    private static Optional<Integer> indexOf(List<VmTopology.Member> vfs, List<Integer> members, Optional<GuestInterfaceName> slave) {
        return slave.flatMap(s -> members.stream()
                .filter(i -> vfs.get(i).link().map(l -> l.name().equals(s)).orElse(false)).findFirst());
    }
}
