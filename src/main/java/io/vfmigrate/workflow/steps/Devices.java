package io.vfmigrate.workflow.steps;

import io.vfmigrate.guest.GuestLink;
import io.vfmigrate.guest.GuestNetwork;
import io.vfmigrate.model.AttachedVf;
import io.vfmigrate.model.DomainDescription;
import io.vfmigrate.model.DomainInterface;
import io.vfmigrate.model.Failure;
import io.vfmigrate.model.FailureException;
import io.vfmigrate.model.GuestInterfaceName;
import io.vfmigrate.model.Mac;
import io.vfmigrate.ports.Host;
import io.vfmigrate.ports.Hypervisor;
import io.vfmigrate.workflow.RunContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Look-ups the steps share: devices in the live domain XML, links in the guest. */
final class Devices {
    private static final Duration QUICK_POLL = Duration.ofMillis(10);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Devices.class);
    /** Fact prefix of an orphan network backend removed before an attach: "orphan-netdev-removed.HOST.ID". */
    static final String ORPHAN_REMOVED = "orphan-netdev-removed.";

    private Devices() {}

    /**
     * Before an attach on {@code host}: removes the VM's QEMU network backends that no device uses (left
     * by a device removal that QEMU finished after libvirt stopped waiting, e.g. across a daemon
     * restart); such an orphan blocks every later attach that reuses its id. The run holds the VM's
     * lease, so no attach of anyone else is in flight. Each removal is said on the log (a warning) and
     * journaled with the step; a host that cannot list them is left to the attach itself.
     */
    static void clearOrphanNetdevs(RunContext ctx, Host host) {
        List<String> orphans;
        try {
            orphans = host.hypervisor().orphanNetdevs(ctx.vm());
        } catch (FailureException e) {
            LOG.info("{}: cannot list the QEMU network backends of {}: {}", host.name(), ctx.vm(), e.failure().message());
            return;
        }
        for (String orphan : orphans) {
            String id = Hypervisor.orphanNetdevId(orphan);
            if (host.hypervisor().removeOrphanNetdev(ctx.vm(), id)) {
                LOG.warn("{}: removed the QEMU network backend {} of {}: no device used it, and it blocks later attaches", host.name(), orphan, ctx.vm());
                ctx.facts().put(ORPHAN_REMOVED + host.name() + "." + id, orphan);
            }
        }
    }

    static DomainDescription liveDomain(RunContext ctx, Host host) {
        String xml = host.hypervisor().runningDomainXml(ctx.vm()).orElseThrow(() -> new FailureException(
                new Failure.Unexpected("VM " + ctx.vm() + " is not running on " + host.name())));
        return DomainDescription.parse(xml);
    }

    static Optional<AttachedVf> attachedVf(RunContext ctx, Host host, String network, String vfId) {
        return host.pool(network).attachedTo(liveDomain(ctx, host)).stream().filter(a -> a.vf().id().equals(vfId)).findFirst();
    }

    static Optional<DomainInterface> byAlias(RunContext ctx, Host host, String alias) {
        return liveDomain(ctx, host).interfaces().stream().filter(i -> i.hasAlias(alias)).findFirst();
    }

    /**
     * Waits until the guest shows a link with this MAC that is none of {@code known}; returns its ifindex.
     * {@code before}: the agent's own interface list taken before the attach. Until it changes, only that list
     * is asked again (a few ms, no guest process: a link listing started while the guest is still busy with the
     * hot-plug would end too early to show it). A single new interface with the MAC is then read from its sysfs files
     * by the agent (no guest process either); anything else, and every later try, lists the links.
     */
    static int awaitNewLink(RunContext ctx, Mac mac, Set<Integer> known, Optional<List<String>> before, Duration timeout) {
        boolean[] changed = {before.isEmpty()};
        GuestLink found = ctx.poll().untilEvery("a new guest interface with MAC " + mac + " in " + ctx.vm(), timeout, QUICK_POLL, () -> {
            if (!changed[0]) {
                Optional<List<String>> now = ctx.guest().interfaceList();
                if (now.equals(before)) return Optional.empty();
                changed[0] = true;
                Optional<GuestLink> read = now.flatMap(n -> ctx.guest().appearedLink(before.get(), n, mac)).filter(l -> !known.contains(l.ifindex()));
                if (read.isPresent()) return read;
            }
            return ctx.guest().links().stream()
                    .filter(l -> l.isNicWithMac(mac))
                    .filter(l -> !known.contains(l.ifindex()))
                    .findFirst();
        });
        ctx.guestNames().appeared(found);
        return found.ifindex();
    }

    /**
     * How often the guest-side watcher's status is asked. Not sooner: the enslave is the guest's, so asking only tells the step
     * when it happened, and each request takes guest CPU from the hot-plug it waits for (under the rolling benchmark's load,
     * asking every 10 ms made attach-vf 0.5 s longer and lose more than without the watcher).
     */
    private static final Duration WATCH_POLL = Duration.ofMillis(50);
    /** Polls of a guest-side watcher allowed after the guest listed the NIC it waits for (about 0.5 s). */
    private static final int POLLS_AFTER_LISTED = 10;
    /** Every how many polls of the watcher the guest's interfaces are asked too (about 0.3 s). */
    private static final int LIST_EVERY = 6;

    /**
     * Waits for the guest-side watcher {@code pid} ({@link GuestNetwork#enslaveOnArrival}) to report the NIC
     * with {@code mac} it enslaved in {@code bond}: that link. Empty, to wait as without the watcher, when it ended without
     * one, or when the agent's interface list (asked now and then) showed a new interface with the MAC that the watcher has
     * not reported soon after: it missed it.
     */
    static Optional<GuestLink> awaitEnslaved(RunContext ctx, long pid, Mac mac, GuestInterfaceName bond, Set<Integer> known,
                                           Optional<List<String>> before, Duration timeout) {
        int[] polls = {0};
        int[] listedAt = {-1};
        Optional<GuestLink> found = ctx.poll().untilEvery("the guest-side enslave of a new interface with MAC " + mac + " in " + ctx.vm(), timeout,
                WATCH_POLL, () -> {
                    Optional<Optional<GuestLink>> done = ctx.guest().enslavedOnArrival(pid, mac, bond);
                    if (done.isPresent()) return done;
                    polls[0]++;
                    if (listedAt[0] < 0 && polls[0] % LIST_EVERY == 0 && listed(ctx, mac, known, before)) listedAt[0] = polls[0];
                    if (listedAt[0] >= 0 && polls[0] - listedAt[0] > POLLS_AFTER_LISTED) {
                        LOG.info("{}: the guest-side enslave has not reported the NIC with MAC {} that the guest lists: waiting without it", ctx.vm(), mac);
                        return Optional.of(Optional.empty());
                    }
                    return Optional.empty();
                });
        found.ifPresent(l -> ctx.guestNames().appeared(l));
        return found;
    }

    /**
     * Whether the guest shows a new interface with {@code mac}: on the agent's interface list where the guest allows it
     * (compared with {@code before}), else among its links (a guest command).
     */
    private static boolean listed(RunContext ctx, Mac mac, Set<Integer> known, Optional<List<String>> before) {
        if (before.isPresent()) {
            Optional<List<String>> now = ctx.guest().interfaceList();
            return now.isPresent() && GuestNetwork.hasNewEntryWithMac(before.get(), now.get(), mac);
        }
        return ctx.guest().links().stream().anyMatch(l -> l.isNicWithMac(mac) && !known.contains(l.ifindex()));
    }

    /**
     * Enslaves the link with this ifindex in {@code bond} unless it is a slave already. A link that just appeared (the
     * step before waited for it) is taken as the guest listed it then, without listing again; if the command fails with
     * it (udev may have renamed the new NIC meanwhile), the links are listed once more and the enslave tried again.
     */
    static void enslave(RunContext ctx, Optional<Integer> ifindex, GuestInterfaceName bond, String what) {
        Optional<GuestLink> appeared = ifindex.flatMap(i -> ctx.guestNames().takeAppeared(i));
        if (appeared.isPresent()) {
            try {
                if (!appeared.get().isSlaveOf(bond)) ctx.guest().enslave(appeared.get(), bond);
                return;
            } catch (FailureException e) {
                LOG.info("{}: enslaving {} as it appeared failed ({}): listing the guest's links again", ctx.vm(), appeared.get().name(),
                        e.failure().message());
            }
        }
        GuestLink link = requireLink(ctx, ifindex, what);
        if (!link.isSlaveOf(bond)) ctx.guest().enslave(link, bond);
    }

    static Optional<GuestLink> link(RunContext ctx, Optional<Integer> ifindex) {
        return ifindex.flatMap(i -> ctx.guest().link(i));
    }

    /** The link with this ifindex among links already read (one guest round trip for several look-ups). */
    static Optional<GuestLink> link(List<GuestLink> links, Optional<Integer> ifindex) {
        return ifindex.flatMap(i -> links.stream().filter(l -> l.ifindex() == i).findFirst());
    }

    static GuestLink requireLink(RunContext ctx, Optional<Integer> ifindex, String what) {
        return requireLink(ctx, link(ctx, ifindex), ifindex, what);
    }

    static GuestLink requireLink(RunContext ctx, List<GuestLink> links, Optional<Integer> ifindex, String what) {
        return requireLink(ctx, link(links, ifindex), ifindex, what);
    }

    private static GuestLink requireLink(RunContext ctx, Optional<GuestLink> found, Optional<Integer> ifindex, String what) {
        return found.orElseThrow(() -> new FailureException(new Failure.Unexpected(
                what + " is not in guest " + ctx.vm() + ifindex.map(i -> " (ifindex " + i + ")").orElse(""))));
    }

    /**
     * The guest's name for the link with this ifindex: the name a command of this run addressed already
     * (no guest round trip), else as the guest lists it now.
     */
    static GuestInterfaceName name(RunContext ctx, Optional<Integer> ifindex, String what) {
        Optional<GuestInterfaceName> known = ifindex.flatMap(i -> ctx.guestNames().of(i));
        return known.orElseGet(() -> requireLink(ctx, ifindex, what).name());
    }

    /** Waits until the bond's active slave is {@code slave}. */
    static void awaitActive(RunContext ctx, GuestInterfaceName bond, GuestInterfaceName slave, Duration timeout) {
        ctx.poll().until(slave + " active in " + bond + " of " + ctx.vm(), timeout,
                () -> ctx.guest().activeSlave(bond).filter(slave::equals));
    }

    /** A guest link name for plans: the name the guest gives it now, or how it will be found. */
    static String planName(RunContext ctx, Optional<Integer> ifindex, Mac mac) {
        return ifindex.flatMap(i -> ctx.guest().link(i)).map(l -> l.name().value())
                .orElse("<new interface with MAC " + mac + ">");
    }
}
