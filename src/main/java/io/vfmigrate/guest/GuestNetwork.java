package io.vfmigrate.guest;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The guest's links and bonds, read and changed through the guest agent only. */
public final class GuestNetwork {
    private final GuestAgent agent;
    private final String vm;
    private final Duration timeout;

    public GuestNetwork(GuestAgent agent, String vm, Duration timeout) {
        this.agent = agent;
        this.vm = vm;
        this.timeout = timeout;
    }

    public List<GuestLink> links() {
        List<GuestLink> links = LinkListParser.parse(run(GuestCommands.listLinks()).stdout());
        // Without iproute2's details (busybox ip), slaves' own MACs come from sysfs: one more command.
        List<GuestInterfaceName> slaves = links.stream().filter(l -> !l.permanentMacKnown()).map(GuestLink::name).toList();
        if (slaves.isEmpty()) return links;
        Map<String, String> perm = SysfsParser.values(agent.exec(vm, GuestCommands.readPermanentMacs(slaves), timeout).stdout());
        List<GuestLink> out = new ArrayList<>();
        for (GuestLink l : links) {
            String p = perm.get("/sys/class/net/" + l.name() + "/bonding_slave/perm_hwaddr");
            out.add(p != null && Mac.isValid(p) ? l.withPermanentMac(Mac.parse(p)) : l);
        }
        return out;
    }

    public Optional<GuestLink> link(int ifindex) {
        return links().stream().filter(l -> l.ifindex() == ifindex).findFirst();
    }

    public BondState bond(GuestInterfaceName bond) {
        Map<String, String> v = SysfsParser.values(run(GuestCommands.readBond(bond)).stdout());
        List<GuestInterfaceName> slaves = Arrays.stream(v.getOrDefault("slaves", "").split("\\s+"))
                .filter(GuestInterfaceName::isValid).map(GuestInterfaceName::new).toList();
        return new BondState(bond, v.getOrDefault("mode", ""), SysfsParser.name(v.get("active_slave")),
                SysfsParser.name(v.get("primary")), slaves);
    }

    /** A link must be down to be enslaved; the bond brings it up itself. A hot-plugged NIC comes up down. */
    public void enslave(GuestLink link, GuestInterfaceName bond) {
        if (link.isUp()) run(GuestCommands.linkDown(link.name()));
        run(GuestCommands.enslave(link.name(), bond));
    }

    public void release(GuestInterfaceName dev) { run(GuestCommands.release(dev)); }

    public void setActiveSlave(GuestInterfaceName bond, GuestInterfaceName dev) { run(GuestCommands.activeSlave(bond, dev)); }

    public void setPrimary(GuestInterfaceName bond, GuestInterfaceName dev) { run(GuestCommands.primary(bond, dev)); }

    private GuestExecResult run(List<String> argv) {
        GuestExecResult r = agent.exec(vm, argv, timeout);
        if (!r.ok()) {
            throw new FailureException(new Failure.GuestCommandFailed(vm, GuestCommands.render(argv), r.exitCode(), r.stderr()));
        }
        return r;
    }
}
