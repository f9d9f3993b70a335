package io.vfmigrate.guest;

import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.GuestAgent;
import io.vfmigrate.ports.GuestExecResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The guest's links and bonds, read and changed through the guest agent only. */
public final class GuestNetwork {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GuestNetwork.class);
    private final GuestAgent agent;
    private final String vm;
    private final Duration timeout;
    private final GuestNames names;

    public GuestNetwork(GuestAgent agent, String vm, Duration timeout) { this(agent, vm, timeout, new GuestNames()); }

    /** {@code names}: the run's memory of link names its commands addressed (see {@link GuestNames}). */
    public GuestNetwork(GuestAgent agent, String vm, Duration timeout, GuestNames names) {
        this.agent = agent;
        this.vm = vm;
        this.timeout = timeout;
        this.names = names;
    }

    /** The guest's links, each with its own MAC and whether a device is behind it (one command with iproute2, more with busybox). */
    public List<GuestLink> links() {
        List<GuestLink> links = LinkListParser.parse(read(GuestCommands.listLinks(), true));
        // Without iproute2's details (busybox ip), slaves' own MACs and devices come from sysfs.
        List<GuestInterfaceName> slaves = links.stream().filter(l -> !l.permanentMacKnown()).map(GuestLink::name).toList();
        if (!slaves.isEmpty()) {
            Map<String, String> perm = SysfsParser.values(read(GuestCommands.readPermanentMacs(slaves), false));
            links = links.stream().map(l -> {
                String p = perm.get("/sys/class/net/" + l.name() + "/bonding_slave/perm_hwaddr");
                return p != null && Mac.isValid(p) ? l.withPermanentMac(Mac.parse(p)) : l;
            }).toList();
        }
        List<GuestInterfaceName> unknown = links.stream().filter(l -> l.hasDevice().isEmpty()).map(GuestLink::name).toList();
        if (unknown.isEmpty()) return links;
        Set<String> withDevice = SysfsParser.devicesPresent(read(GuestCommands.readDevices(unknown), false));
        return links.stream().map(l -> l.hasDevice().isPresent() ? l : l.withDevice(withDevice.contains(l.name().value()))).toList();
    }

    /**
     * Where the guest sees each of {@code nics}' PCI devices ("0000:00:02.0"), for those it can tell: read by the agent
     * itself where the guest allows it, else by grep. Two VFs of one bond share a MAC; this tells them apart.
     */
    public Map<GuestInterfaceName, String> pciSlots(List<GuestInterfaceName> nics) {
        List<String> paths = PciSlots.files(nics);
        Map<String, String> contents = guarded(() -> agent.readFiles(vm, paths, timeout))
                .orElseGet(() -> PciSlots.fromGrep(read(GuestCommands.grepPciSlots(paths), false)));
        return PciSlots.of(nics, contents);
    }

    public Optional<GuestLink> link(int ifindex) {
        return links().stream().filter(l -> l.ifindex() == ifindex).findFirst();
    }

    public BondState bond(GuestInterfaceName bond) {
        Map<String, String> v = readFiles(GuestCommands.bondFiles(bond)).map(SysfsParser::byFileName)
                .orElseGet(() -> SysfsParser.values(read(GuestCommands.readBond(bond), true)));
        List<GuestInterfaceName> slaves = Arrays.stream(v.getOrDefault("slaves", "").split("\\s+"))
                .filter(GuestInterfaceName::isValid).map(GuestInterfaceName::new).toList();
        return new BondState(bond, v.getOrDefault("mode", ""), SysfsParser.name(v.get("active_slave")),
                SysfsParser.name(v.get("primary")), slaves, "1".equals(v.get("all_slaves_active")));
    }

    /** The bond's active slave: one file read by the agent itself where the guest allows it, else the whole bond. */
    public Optional<GuestInterfaceName> activeSlave(GuestInterfaceName bond) {
        List<String> file = List.of(GuestCommands.bondFile(bond, "active_slave"));
        return readFiles(file).map(SysfsParser::byFileName).map(v -> SysfsParser.name(v.get("active_slave")))
                .orElseGet(() -> bond(bond).activeSlave());
    }

    /** The interfaces as the agent lists them itself ("NAME MAC", untrusted: only compared); empty if the guest does not allow it. */
    public Optional<List<String>> interfaceList() {
        return guarded(() -> agent.interfaceList(vm, timeout));
    }

    /** Whether the agent's interface list {@code now} has an entry with {@code mac} that {@code before} had not. */
    public static boolean hasNewEntryWithMac(List<String> before, List<String> now, Mac mac) {
        return now.stream().anyMatch(e -> !before.contains(e) && AppearedLink.hasMac(e, mac));
    }

    /**
     * The one interface with MAC {@code mac} in {@code now} that is not in {@code before} (the agent's interface lists),
     * read from its sysfs files by the agent itself: a NIC (a device behind it) that is no bond's slave yet, as a
     * hot-plugged NIC is. Empty when that does not settle it (no single such interface, the guest does not let the agent
     * read files, a file is missing, the link is a slave already): then list the links.
     */
    public Optional<GuestLink> appearedLink(List<String> before, List<String> now, Mac mac) {
        List<String> fresh = now.stream().filter(e -> !before.contains(e)).filter(e -> AppearedLink.hasMac(e, mac)).toList();
        if (fresh.size() != 1) return Optional.empty();
        Optional<GuestInterfaceName> name = AppearedLink.name(fresh.get(0));
        if (name.isEmpty()) return Optional.empty();
        Optional<Map<String, String>> files = guarded(() -> agent.readFiles(vm, AppearedLink.files(name.get()), timeout));
        return files.flatMap(f -> AppearedLink.of(name.get(), mac, f));
    }

    /**
     * Starts {@link GuestCommands#enslaveOnArrival} in the guest; its pid, or empty when the guest cannot start it
     * (no guest-exec, no shell): then wait for the NIC as without it.
     */
    public OptionalLong enslaveOnArrival(Mac mac, GuestInterfaceName bond, Collection<Integer> known, Duration within) {
        List<String> argv = GuestCommands.enslaveOnArrival(mac, bond, known, Math.max(1, within.toSeconds()));
        try {
            return OptionalLong.of(agent.start(vm, argv, timeout));
        } catch (FailureException e) {
            LOG.info("{}: cannot start the guest-side enslave of the NIC with MAC {}: {}", vm, mac, e.failure().message());
            return OptionalLong.empty();
        }
    }

    /**
     * What the watcher {@code pid} did: empty while it runs; then the NIC it enslaved in {@code bond}, as the guest
     * named it, or empty inside when it ended without one (it printed anything but "IFINDEX NAME").
     */
    public Optional<Optional<GuestLink>> enslavedOnArrival(long pid, Mac mac, GuestInterfaceName bond) {
        Optional<GuestExecResult> done = guarded(() -> agent.status(vm, pid, timeout));
        if (done.isEmpty()) return Optional.empty();
        GuestExecResult r = done.get();
        String[] words = r.stdout().strip().split(" ");
        if (!r.ok() || words.length != 2 || !words[0].matches("[0-9]{1,9}") || !GuestInterfaceName.isValid(words[1])) {
            LOG.info("{}: the guest-side enslave of the NIC with MAC {} ended without one (exit {}: {})", vm, mac, r.exitCode(),
                    Printable.quote((r.stdout() + r.stderr()).strip()));
            return Optional.of(Optional.empty());
        }
        var name = new GuestInterfaceName(words[1]);
        names.confirm(Integer.parseInt(words[0]), name);
        return Optional.of(Optional.of(new GuestLink(Integer.parseInt(words[0]), name, mac, mac, Optional.of(bond), false, true, true,
                Optional.empty(), Optional.of(true))));
    }

    /**
     * A link must be down to be enslaved; the bond brings it up itself. A hot-plugged NIC comes up down. Written to
     * the bond's slaves file by the agent itself where the guest allows it (the kernel does the same as for iproute2).
     */
    public void enslave(GuestLink link, GuestInterfaceName bond) {
        if (link.isUp()) run(GuestCommands.linkDown(link.name()));
        BondWrites.enslave(bond, link.name()).apply(this::writeFile, this::run);
        names.confirm(link.ifindex(), link.name());
    }

    /**
     * Whether {@code address} answers the guest's ping ({@link GuestCommands#probe}), asked up to
     * {@link GuestCommands#PROBE_TRIES} times: a first request can be lost while a switch learns where the MAC went.
     */
    public boolean reaches(String address) {
        for (int i = 0; i < GuestCommands.PROBE_TRIES; i++) {
            if (agent.exec(vm, GuestCommands.probe(address), timeout).ok()) return true;
        }
        return false;
    }

    public void release(GuestInterfaceName dev) { run(GuestCommands.release(dev)); }

    /** The link's global addresses with their prefixes ("192.0.2.13/24"). */
    public List<String> globalAddresses(GuestInterfaceName dev) { return AddressListParser.globalAddresses(read(GuestCommands.addresses(dev), true)); }

    public void up(GuestInterfaceName dev) { run(GuestCommands.linkUp(dev)); }

    public void addAddress(GuestInterfaceName dev, String cidr) { run(GuestCommands.addAddress(dev, cidr)); }

    public void switchActive(GuestInterfaceName bond, GuestInterfaceName dev, boolean alsoPrimary, Optional<Boolean> allSlavesActive) {
        BondWrites.switchActive(bond, dev, alsoPrimary, allSlavesActive).apply(this::writeFile, this::run);
    }

    public void setPrimary(GuestInterfaceName bond, GuestInterfaceName dev) { BondWrites.primary(bond, dev).apply(this::writeFile, this::run); }

    /** False if the guest does not let the agent write files; a write the kernel refuses forgets the names, as a failed command does. */
    private boolean writeFile(String path, String value) {
        return guarded(() -> agent.writeFile(vm, path, value, timeout));
    }

    /** Files the agent reads itself, each of which must exist (as for `grep -H` of them); empty if the guest does not allow it. */
    private Optional<Map<String, String>> readFiles(List<String> paths) {
        Optional<Map<String, String>> files = guarded(() -> agent.readFiles(vm, paths, timeout));
        Optional<String> missing = files.flatMap(f -> paths.stream().filter(p -> !f.containsKey(p)).findFirst());
        if (missing.isPresent()) {
            names.forget();
            throw new FailureException(new Failure.GuestCommandFailed(vm, "read " + missing.get(), -1, "No such file or directory"));
        }
        return files;
    }

    private <T> T guarded(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            names.forget();
            throw e;
        }
    }

    /**
     * The whole output of a command whose answer is parsed ({@code mustSucceed}: exit 0, else whatever it
     * printed, as grep over files some of which are missing). A truncated answer is a failure naming the limit.
     */
    private String read(List<String> argv, boolean mustSucceed) {
        GuestExecResult r = mustSucceed ? run(argv) : agent.exec(vm, argv, timeout);
        if (r.truncated()) {
            throw new FailureException(new Failure.GuestOutputTruncated(vm, GuestCommands.render(argv), GuestAgent.OUTPUT_LIMIT_BYTES));
        }
        return r.stdout();
    }

    private GuestExecResult run(List<String> argv) {
        GuestExecResult r;
        try {
            r = agent.exec(vm, argv, timeout);
        } catch (RuntimeException e) {
            names.forget();
            throw e;
        }
        if (!r.ok()) {
            names.forget();
            throw new FailureException(new Failure.GuestCommandFailed(vm, GuestCommands.render(argv), r.exitCode(), r.stderr()));
        }
        return r;
    }
}
