package io.vfmigrate.planning;

/** Every VF's guest interface is found by MAC and, for bond workflows, is a slave of an active-backup bond. */
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
        if (m.link().isEmpty()) return Check.failed(name, "no guest interface has the VF's MAC " + m.vf().mac());
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
