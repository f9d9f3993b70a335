package io.vfmigrate.planning;

/**
 * Every VF's guest interface is found by MAC among the NICs that can be bond slaves (never a vlan, bridge
 * or ipvlan over the bond) and, for bond workflows, is a slave of an active-backup bond.
 */
final class GuestChecks {
    private final VmTopology topology;
    private final boolean needsBond;

    GuestChecks(VmTopology topology, boolean needsBond) {
        this.topology = topology;
        this.needsBond = needsBond;
    }

    void run(Preflight pf) {
        for (VmTopology.Member m : topology.vfs()) {
            String name = (needsBond ? "vf-in-bond:" : "vf-in-guest:") + m.vf().vf().id();
            pf.add(check(name, m));
        }
    }

    private Check check(String name, VmTopology.Member m) {
        if (m.link().isEmpty()) {
            String uppers = m.upperDevices().stream().map(io.vfmigrate.guest.GuestLink::describe).collect(java.util.stream.Collectors.joining(", "));
            return Check.failed(name, "no guest NIC that can be a bond slave has the VF's MAC " + m.vf().mac()
                    + (uppers.isEmpty() ? "" : "; only devices that cannot be a bond slave carry it: " + uppers));
        }
        String iface = m.link().get().name().value();
        if (!needsBond) return Check.ok(name, "guest interface " + iface + " has MAC " + m.vf().mac());
        if (m.bond().isEmpty()) return Check.failed(name, "guest interface " + iface + " (MAC " + m.vf().mac() + ") is in no bond");
        var bond = m.bond().get();
        if (!bond.isActiveBackup()) {
            return Check.failed(name, "bond " + bond.bond() + " is in mode '" + bond.mode() + "', not active-backup");
        }
        return Check.ok(name, "guest interface " + iface + " is a slave of " + bond.bond() + " (active-backup, active slave "
                + bond.activeSlave().map(Object::toString).orElse("none") + ")");
    }
}
