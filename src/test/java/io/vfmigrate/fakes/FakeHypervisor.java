package io.vfmigrate.fakes;

import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.Mac;
import io.vfmigrate.ports.DomainListing;
import io.vfmigrate.ports.DomainState;
import io.vfmigrate.ports.HostResources;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.ports.MigrationProgress;
import io.vfmigrate.ports.MigrationRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A hypervisor holding running domains as lists of interface elements; hot-plug reaches the guest. Within a
 * {@link FakeWorld} it is one host of a fleet; alone ({@link #FakeHypervisor(String)}) it serves the adapters'
 * tests: domains and networks given as whole XML, every call recorded ({@link #calls()}), failures scripted
 * ({@link #failNext}).
 */
public final class FakeHypervisor implements Hypervisor {
    public static final class Domain {
        final String name;
        final FakeGuest guest;
        final List<String> interfaces = new ArrayList<>();
        final Map<String, Integer> ifindexOf = new LinkedHashMap<>();
        int nextAlias;
        /** The guest PCI slot libvirt gives the next device plugged without an address. */
        int nextSlot = 3;
        /** Extra top-level elements of the domain XML, e.g. a cputune. */
        public String extraXml = "";
        public long memoryKiB = 262144;
        /** Its domain UUID ("u-NAME" unless a test redefined it). */
        public String uuid;
        /** How fast its guest dirties memory (MiB/s), as a dirty-rate measurement finds it. */
        public long dirtyMiBps;
        /** Running unless a test (or a fault) paused it. */
        public DomainState state = DomainState.RUNNING;

        Domain(String name, FakeGuest guest) {
            this.name = name;
            this.guest = guest;
        }
    }

    private final FakeWorld world;
    private final String host;
    final Map<String, Domain> domains = new LinkedHashMap<>();
    public boolean down;
    /** When set, every call waits for it (a daemon that hangs). */
    public volatile java.util.concurrent.CountDownLatch hangUntil;
    /** Runs at the start of every call (to see which calls overlap). */
    public volatile Runnable onCall = () -> {};
    /** Told the VM's name while its migration job runs, before anything moved (a test may hold it there, or ask to stop). */
    public volatile java.util.function.Consumer<String> whileMigrating = vm -> {};
    /** The daemon dies when a migration to it starts (as when stopped right before the migrate step). */
    public boolean diesOnIncomingMigration;
    public long freeMemoryKiB = 8L * 1024 * 1024;
    /** What {@link #libvirtVersion()} answers: libvirt 9.0.0 unless a test makes the host older. */
    public long libvirtVersionNumber = 9_000_000;
    public long totalMemoryKiB = 16L * 1024 * 1024;
    /** Domains defined here but shut off: name -> inactive XML. */
    public final Map<String, String> shutOff = new LinkedHashMap<>();
    public final List<MigrationRequest> migrations = new ArrayList<>();
    /** The device XML of each attach that reached this host (an injected fault stops it before), in order. */
    public final List<String> attachedXmls = java.util.Collections.synchronizedList(new ArrayList<>());
    /** A migration from here leaves a copy of the VM here, paused (the source daemon died as it ended). */
    public boolean migrationLeavesPausedCopy;
    /**
     * A migration from here completes (the destination's copy runs, its incoming job completed) but the call fails: the
     * source's daemon died in the migration's last phase, and on its restart resumed the copy here (libvirt's recovery of
     * a peer-to-peer migration it no longer knows the end of).
     */
    public boolean migrationEndsWithTheSourceResumed;
    /** A migration to here leaves the VM paused here (its coordinator stalled as it ended). */
    public boolean incomingStaysPaused;
    /** A detach is answered as done but the device stays (a removal QEMU never finished). */
    public boolean detachLost;
    /** QEMU network backends with no device, per VM (what QEMU lists, not the domain XML). */
    public final Map<String, List<String>> orphanNetdevs = new LinkedHashMap<>();

    /** Domains given as whole XML (the adapters parse it), running; networks likewise. */
    private final Map<String, String> rawDomains = new LinkedHashMap<>();
    private final Map<String, String> networks = new LinkedHashMap<>();
    private final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.Deque<FailureException> failures = new java.util.concurrent.ConcurrentLinkedDeque<>();

    FakeHypervisor(FakeWorld world, String host) {
        this.world = world;
        this.host = host;
    }

    /** A host of its own, outside any fleet. */
    public FakeHypervisor(String host) { this(new FakeWorld(), host); }

    /** A running domain given as its whole XML. */
    public FakeHypervisor run(String vm, String xml) {
        rawDomains.put(vm, xml);
        return this;
    }

    public FakeHypervisor network(String name, String xml) {
        networks.put(name, xml);
        return this;
    }

    /** The next calls fail with these, one each, before any behaves normally. */
    public FakeHypervisor failNext(FailureException... next) {
        failures.addAll(List.of(next));
        return this;
    }

    /** Every call asked of this host, in order, as "method arguments". */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public String host() { return host; }

    private void answer(String call, String asked) {
        record(asked);
        onCall.run();
        var hang = hangUntil;
        if (hang != null) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FailureException(new Failure.LibvirtError(host, 38, "interrupted"));
            }
        }
        if (down) throw new FailureException(new Failure.LibvirtError(host, 38, "cannot connect to " + host));
        world.checkFault(call + " " + host);
    }

    /** Records the call; a scripted failure comes out here. */
    private void record(String asked) {
        calls.add(asked);
        FailureException scripted = failures.poll();
        if (scripted != null) throw scripted;
    }

    public void ping() { answer("ping", "ping"); }

    public long libvirtVersion() {
        answer("libvirtVersion", "libvirtVersion");
        return libvirtVersionNumber;
    }

    public Optional<String> runningDomainXml(String vm) {
        answer("xml", "runningDomainXml " + vm);
        if (rawDomains.containsKey(vm)) return Optional.of(rawDomains.get(vm));
        Domain d = domains.get(vm);
        if (d == null) return Optional.empty();
        return Optional.of("<domain type='qemu'><name>" + vm + "</name><uuid>" + (d.uuid != null ? d.uuid : "u-" + vm) + "</uuid><memory unit='KiB'>" + d.memoryKiB + "</memory>" + d.extraXml + "<devices>"
                + String.join("", d.interfaces) + "</devices></domain>");
    }

    public DomainState domainState(String vm) {
        answer("state", "domainState " + vm);
        if (rawDomains.containsKey(vm)) return DomainState.RUNNING;
        Domain d = domains.get(vm);
        if (d != null) return d.state;
        return shutOff.containsKey(vm) ? DomainState.shutOff() : DomainState.ABSENT;
    }

    public void resume(String vm) {
        answer("resume", "resume " + vm);
        Domain d = domains.get(vm);
        if (d == null || !d.state.isPaused()) return;
        world.recordMutation("resume " + host + " " + vm);
        d.state = DomainState.RUNNING;
    }

    public void destroy(String vm) {
        answer("destroy", "destroy " + vm);
        rawDomains.remove(vm);
        Domain d = domains.remove(vm);
        if (d == null) return;
        world.recordMutation("destroy " + host + " " + vm);
        shutOff.put(vm, "<domain type='qemu'><name>" + vm + "</name></domain>");
    }

    public void undefine(String vm) {
        answer("undefine", "undefine " + vm);
        if (shutOff.remove(vm) != null) world.recordMutation("undefine " + host + " " + vm);
    }

    public List<String> orphanNetdevs(String vm) {
        answer("netdevs", "orphanNetdevs " + vm);
        return domains.containsKey(vm) ? orphanNetdevs.getOrDefault(vm, List.of()) : List.of();
    }

    /** netdev_del of a backend still listed without its device; false when it is not (any more). */
    public boolean removeOrphanNetdev(String vm, String id) {
        answer("netdev_del", "removeOrphanNetdev " + vm + " " + id);
        List<String> orphans = orphanNetdevs.getOrDefault(vm, List.of());
        var found = orphans.stream().filter(o -> Hypervisor.orphanNetdevId(o).equals(id)).findFirst();
        if (found.isEmpty() || !domains.containsKey(vm)) return false;
        List<String> left = new ArrayList<>(orphans);
        left.remove(found.get());
        orphanNetdevs.put(vm, left);
        world.recordMutation("netdev_del " + host + " " + vm + " " + id);
        return true;
    }

    /** Leaves a paused copy of a VM here (test set-up: what a daemon killed at the end of a migration leaves). */
    public void pausedCopyForSetUp(String vm, FakeGuest guest, String reason) {
        Domain d = new Domain(vm, guest);
        d.state = DomainState.paused(reason);
        domains.put(vm, d);
    }

    public List<String> runningDomainXmls() {
        answer("xml", "runningDomainXmls");
        List<String> xmls = new ArrayList<>(rawDomains.values());
        domains.keySet().forEach(vm -> xmls.add(runningDomainXml(vm).orElseThrow()));
        return xmls;
    }

    /** The stored XML of each shut-off domain. */
    public List<String> inactiveDomainXmls() {
        answer("xml", "inactiveDomainXmls");
        return List.copyOf(shutOff.values());
    }

    public List<DomainListing> domains() {
        answer("domains", "domains");
        List<DomainListing> out = new ArrayList<>();
        rawDomains.forEach((vm, xml) -> out.add(new DomainListing(vm, DomainListing.State.RUNNING, true, xml)));
        for (var e : domains.entrySet()) out.add(new DomainListing(e.getKey(), e.getValue().state.isPaused() ? DomainListing.State.PAUSED
                : DomainListing.State.RUNNING, true, runningDomainXml(e.getKey()).orElseThrow()));
        shutOff.forEach((vm, xml) -> out.add(new DomainListing(vm, DomainListing.State.SHUT_OFF, true, xml)));
        return out;
    }

    public Optional<String> networkXml(String network) {
        record("networkXml " + network);
        return Optional.ofNullable(networks.get(network));
    }

    public void attachDevice(String vm, String deviceXml) {
        answer("attach", "attachDevice " + vm);
        world.recordMutation("attach " + host + " " + vm);
        attachedXmls.add(deviceXml);
        Domain d = domain(vm);
        requireHostDevices(List.of(deviceXml));
        List<String> orphans = orphanNetdevs.getOrDefault(vm, List.of());
        if (!orphans.isEmpty()) {   // as QEMU refuses a backend whose id an orphan holds: every later attach fails
            throw new FailureException(new Failure.LibvirtError(host, 1, "internal error: unable to execute QEMU command 'netdev_add': Duplicate ID '"
                    + Hypervisor.orphanNetdevId(orphans.get(0)) + "' for netdev"));
        }
        plugQuietly(vm, deviceXml);
    }

    private static final java.util.regex.Pattern UNMANAGED_TARGET = java.util.regex.Pattern.compile("<target dev='([^']+)' managed='no'/>");

    /** As libvirt opens an existing host device for an interface whose target is {@code managed='no'}: it must be on this host. */
    void requireHostDevices(List<String> interfaceXmls) {
        for (String xml : interfaceXmls) {
            var m = UNMANAGED_TARGET.matcher(xml);
            if (xml.contains("type='ethernet'") && m.find() && m.group(1).startsWith("vft") && !world.macvtaps(host).contains(m.group(1))) {
                throw new FailureException(new Failure.LibvirtError(host, 1, "Unable to get index for interface " + m.group(1) + ": No such device"));
            }
        }
    }

    void plugQuietly(String vm, String deviceXml) {
        Domain d = domain(vm);
        String xml = deviceXml.contains("<alias ") ? deviceXml
                : deviceXml.replace("</interface>", "<alias name='net" + d.nextAlias++ + "'/></interface>");
        if (xml.contains("type='direct'") && !xml.contains("<target ")) {   // libvirt names the host side of a macvtap
            xml = xml.replace("</interface>", "<target dev='macvtap" + d.nextAlias++ + "'/></interface>");
        }
        if (!xml.contains("<address type='pci'")) {   // as libvirt places a hot-plugged device on a free slot of the guest's bus
            xml = xml.replace("</interface>", String.format("<address type='pci' domain='0x0000' bus='0x00' slot='0x%02x' function='0x0'/></interface>",
                    d.nextSlot++));
        }
        d.interfaces.add(xml);
        d.ifindexOf.put(xml, d.guest.plug(mac(xml), guestSlot(xml)).ifindex);
    }

    /** Why this host cannot measure dirty rates (as an old libvirt); null: it can. */
    public String dirtyRateUnsupported;
    /** The VMs whose dirty rate is being measured, each with the period asked. */
    public final Map<String, Duration> dirtyRateCalcs = new LinkedHashMap<>();

    @Override
    public Optional<String> startDirtyRateCalc(String vm, Duration period) {
        domain(vm);
        if (dirtyRateUnsupported != null) return Optional.of(dirtyRateUnsupported);
        dirtyRateCalcs.put(vm, period);
        return Optional.empty();
    }

    @Override
    public Optional<io.vfmigrate.ports.DirtyRate> dirtyRate(String vm) {
        Duration period = dirtyRateCalcs.get(vm);
        return period == null ? Optional.empty() : Optional.of(new io.vfmigrate.ports.DirtyRate(domain(vm).dirtyMiBps, period));
    }

    public void detachDevice(String vm, String deviceXml, String alias, Duration timeout) {
        answer("detach", "detachDevice " + vm + " " + alias);
        world.recordMutation("detach " + host + " " + vm + " " + alias);
        Domain d = domain(vm);
        String found = d.interfaces.stream().filter(i -> i.contains("<alias name='" + alias + "'/>")).findFirst()
                .orElseThrow(() -> new FailureException(new Failure.LibvirtError(host, 99, "no device with alias " + alias)));
        if (detachLost) return;
        d.interfaces.remove(found);
        d.guest.unplug(mac(found), Optional.ofNullable(d.ifindexOf.remove(found)));
    }

    public void migrate(String vm, Hypervisor destination, MigrationRequest request) {
        answer("migrate", "migrate " + vm + " to " + destination.host() + " via " + destination.getClass().getSimpleName());
        whileMigrating.accept(vm);
        if (request.observer().stopRequested()) { // as the libvirt adapter does: the job aborted, nothing moved
            throw new FailureException(new Failure.Interrupted("migrating " + vm + " (stopped by a signal, job aborted)"));
        }
        world.recordMutation("migrate " + host + " " + vm);
        FakeHypervisor dest = (FakeHypervisor) destination;
        if (dest.diesOnIncomingMigration) dest.down = true;
        if (dest.down) throw new FailureException(new Failure.LibvirtError(dest.host, 38, "cannot connect to " + dest.host));
        if (domains.containsKey(vm)) dest.requireHostDevices(domains.get(vm).interfaces);
        migrations.add(request);
        Domain moving = domains.remove(vm);
        dest.domains.put(vm, moving);
        if (dest.incomingStaysPaused) moving.state = DomainState.paused("migration");
        if (migrationEndsWithTheSourceResumed) {
            moving.state = DomainState.RUNNING.withCompleted(DomainState.Completed.MIGRATION_IN);
            Domain copy = new Domain(vm, moving.guest);
            copy.interfaces.addAll(moving.interfaces);
            copy.state = DomainState.running(DomainState.RESUMED_AFTER_MIGRATION);
            domains.put(vm, copy);
            throw new FailureException(new Failure.LibvirtError(host, 38, "the connection to " + host + "'s daemon is dead"));
        }
        if (migrationLeavesPausedCopy) {
            Domain copy = new Domain(vm, moving.guest);
            copy.interfaces.addAll(moving.interfaces);
            copy.state = DomainState.paused("migration").withCompleted(DomainState.Completed.MIGRATION_OUT);
            domains.put(vm, copy);
        }
    }

    /** A shut-off domain's stored XML; a running one's live XML (the fake keeps one definition). */
    public Optional<String> definedDomainXml(String vm) {
        answer("definition", "definedDomainXml " + vm);
        if (shutOff.containsKey(vm)) return Optional.of(shutOff.get(vm));
        return runningDomainXml(vm);
    }

    public void migrateOffline(String vm, Hypervisor destination, String definition) {
        answer("migrate-offline", "migrateOffline " + vm + " to " + destination.host());
        world.recordMutation("migrate-offline " + host + " " + vm);
        FakeHypervisor dest = (FakeHypervisor) destination;
        if (dest.down) throw new FailureException(new Failure.LibvirtError(dest.host, 38, "cannot connect to " + dest.host));
        if (!shutOff.containsKey(vm)) throw new FailureException(new Failure.LibvirtError(host, 55, "Requested operation is not valid: domain is active"));
        describe(definition); // libvirt parses it
        dest.shutOff.put(vm, definition);
        shutOff.remove(vm);
    }

    public Optional<MigrationProgress> jobProgress(String vm) {
        record("jobProgress " + vm);
        return Optional.empty();
    }

    public void abortJob(String vm) { record("abortJob " + vm); }

    public HostResources resources() {
        answer("resources", "resources");
        return new HostResources(freeMemoryKiB, totalMemoryKiB, Map.of(0, Set.of(0, 1), 1, Set.of(2, 3)));
    }

    public boolean runs(String vm) { return domains.containsKey(vm); }

    public List<String> interfaceXmls(String vm) { return List.copyOf(domain(vm).interfaces); }

    public FakeGuest guest(String vm) { return domain(vm).guest; }

    /** The VM's guest rebooted ({@link FakeGuest#reboot}): its devices stay, their guest NICs get new ifindexes. */
    public void rebootGuest(String vm, String bond, String slave) {
        Domain d = domain(vm);
        Map<Integer, Integer> renumbered = d.guest.reboot(bond, slave);
        d.ifindexOf.replaceAll((xml, ifindex) -> renumbered.getOrDefault(ifindex, ifindex));
    }

    public Domain domainOf(String vm) { return domain(vm); }

    /** Hot-plugs a device into a running domain without recording it as vfmigrate's doing (test set-up). */
    public void plugForSetUp(String vm, String deviceXml) { plugQuietly(vm, deviceXml); }

    private Domain domain(String vm) {
        Domain d = domains.get(vm);
        if (d == null) throw new FailureException(new Failure.LibvirtError(host, 42, "Domain not found: " + vm));
        return d;
    }

    /** "0000:00:03.0" from the device's {@code <address type='pci' ... slot='0x03' .../>}. */
    private static String guestSlot(String xml) {
        int i = xml.indexOf("slot='0x", xml.indexOf("<address type='pci'")) + 8;
        return "0000:00:" + xml.substring(i, i + 2) + ".0";
    }

    private static String mac(String xml) {
        int i = xml.indexOf("address='") + 9;
        return Mac.parse(xml.substring(i, i + 17)).value();
    }

    static DomainDescription describe(String xml) { return DomainDescription.parse(xml); }

    /** The domain {@code vm} redefined under the same name: another UUID (a test's "redefined since"). */
    public void redefine(String vm, String uuid) { domains.get(vm).uuid = uuid; }
}
