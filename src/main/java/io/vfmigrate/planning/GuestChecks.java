package io.vfmigrate.planning;

import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import java.time.Duration;
import java.util.List;

/**
 * Every VF's guest interface is found by MAC among the NICs that can be bond slaves (never a vlan, bridge
 * or ipvlan over the bond) and, for bond workflows, is a slave of an active-backup bond.
 */
final class GuestChecks {
    private final VmTopology topology;
    private final boolean needsBond;
    private final boolean allowOutage;

    GuestChecks(VmTopology topology, boolean needsBond, boolean allowOutage) {
        this.topology = topology;
        this.needsBond = needsBond;
        this.allowOutage = allowOutage;
    }

    /**
     * The guest's {@code ip} must be iproute2's: busybox's (or none) cannot list links with details nor
     * set bond options. iproute2 answers {@code ip -V} with "ip utility, iproute2-...".
     */
    static Check iproute2(GuestAgent agent, String vm, Duration timeout) {
        String need = "vfmigrate needs iproute2's ip in the guest (busybox's ip cannot set bond options); see docs/guest-requirements.md";
        GuestExecResult r;
        try {
            r = agent.exec(vm, List.of("ip", "-V"), timeout);
        } catch (FailureException e) {
            return Check.failed("guest-agent", "the agent answers, but `ip -V` did not run in the guest (" + e.failure().message() + "): " + need);
        }
        String said = (r.stdout() + "\n" + r.stderr()).strip();
        if (r.ok() && said.contains("iproute2")) {
            return Check.ok("guest-agent", "the agent answers and allows guest-exec; the guest's ip is " + Printable.quote(said.lines().findFirst().orElse("")));
        }
        return Check.failed("guest-agent", "the guest's ip is not iproute2 (`ip -V` exited " + r.exitCode() + ": "
                + Printable.quote(said.lines().findFirst().orElse("")) + "): " + need);
    }

    void run(Preflight pf) {
        for (VmTopology.Member m : topology.vfs()) {
            String name = (needsBond ? "vf-in-bond:" : "vf-in-guest:") + m.vf().vf().id();
            pf.add(check(name, m));
        }
    }

    private Check check(String name, VmTopology.Member m) {
        if (m.link().isEmpty()) {
            String uppers = m.upperDevices().stream().map(GuestLink::describe).collect(java.util.stream.Collectors.joining(", "));
            return Check.failed(name, "no guest NIC that can be a bond slave has the VF's MAC " + m.vf().mac()
                    + (uppers.isEmpty() ? "" : "; only devices that cannot be a bond slave carry it: " + uppers));
        }
        String iface = m.link().get().name().value();
        if (!needsBond && m.bond().isEmpty() && !allowOutage) {
            return Check.failed(name, "guest interface " + iface + " (MAC " + m.vf().mac() + ") is in no bond: this workflow leaves the guest"
                    + " without network from the VF's detach until the new VF is configured; pass --allow-outage to accept that outage");
        }
        if (!needsBond) return Check.ok(name, "guest interface " + iface + " has MAC " + m.vf().mac()
                + (m.bond().isEmpty() ? " (in no bond: an outage is accepted; its addresses are restored on the new VF)" : ""));
        if (m.bond().isEmpty()) return Check.failed(name, "guest interface " + iface + " (MAC " + m.vf().mac() + ") is in no bond");
        var bond = m.bond().get();
        if (!bond.isActiveBackup()) {
            return Check.failed(name, "bond " + bond.bond() + " is in mode '" + bond.mode() + "', not active-backup");
        }
        return Check.ok(name, "guest interface " + iface + " is a slave of " + bond.bond() + " (active-backup, active slave "
                + bond.activeSlave().map(Object::toString).orElse("none") + ")");
    }
}
