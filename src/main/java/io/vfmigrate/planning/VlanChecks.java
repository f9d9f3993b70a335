package io.vfmigrate.planning;

import io.vfmigrate.guest.BondState;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.VfSettings;
import io.vfmigrate.ports.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VLAN of each VF, as its pool read it, is a VLAN id (1..4094) or none: anything else is refused
 * before it is programmed anywhere. When the workflow's temporary port carries the VF's VLAN, the VFs
 * of one bond are on one VLAN: the bond's one temporary port stands in for all of them. A VF without
 * VLAN adds no check (the run is what it was before VLANs were carried). {@code portOnVfVlan}: the
 * workflow adds a temporary port on the VFs' VLAN.
 */
record VlanChecks(Host source, VmTopology topology, boolean portOnVfVlan) {

    void run(Preflight pf) {
        Map<GuestInterfaceName, List<VmTopology.Member>> bonds = new LinkedHashMap<>();
        for (VmTopology.Member m : topology.vfs()) {
            m.settings().vlan().ifPresent(vlan -> pf.add(vfVlan(m, vlan)));
            m.bond().map(BondState::bond).ifPresent(b -> bonds.computeIfAbsent(b, k -> new ArrayList<>()).add(m));
        }
        if (!portOnVfVlan) return;
        bonds.forEach((bond, members) -> {
            if (members.stream().anyMatch(m -> m.settings().vlan().isPresent())) pf.add(bondVlan(bond, members));
        });
    }

    private Check vfVlan(VmTopology.Member m, int vlan) {
        String name = "vf-vlan:" + m.vf().vf().id();
        String vf = "VF " + m.vf().vf().id() + " (" + m.vf().vf().address() + ") of host " + source.name() + ", network " + m.vf().vf().network();
        if (VfSettings.isVlanId(vlan)) return Check.ok(name, vf + " is on VLAN " + vlan);
        return Check.failed(name, vf + " is on VLAN " + vlan + " as " + source.pool(m.vf().vf().network()).describe()
                + " reports it: not a VLAN id (" + VfSettings.MIN_VLAN + ".." + VfSettings.MAX_VLAN + "; none: untagged); nothing is programmed with it");
    }

    private static Check bondVlan(GuestInterfaceName bond, List<VmTopology.Member> members) {
        String name = "bond-vlan:" + bond;
        Optional<Integer> first = members.get(0).settings().vlan();
        List<String> each = members.stream().map(m -> m.vf().vf().id() + " " + vlanText(m.settings().vlan())).toList();
        if (members.stream().allMatch(m -> m.settings().vlan().equals(first))) {
            return Check.ok(name, "the VF(s) of " + bond + " are on " + vlanText(first) + ": its temporary port is on it too");
        }
        return Check.failed(name, "the VFs of " + bond + " are on different VLANs (" + String.join(", ", each)
                + "): its one temporary port can stand in for them on one VLAN only");
    }

    private static String vlanText(Optional<Integer> vlan) {
        return vlan.map(v -> "VLAN " + v).orElse("no VLAN (untagged)");
    }
}
