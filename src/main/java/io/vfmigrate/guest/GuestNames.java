package io.vfmigrate.guest;

import io.vfmigrate.model.GuestInterfaceName;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guest link names that a command of this run addressed successfully, by ifindex: a later step that
 * only needs the name of such a link uses it without listing the guest's links again (one guest round
 * trip, 70-100 ms under TCG). Names change only when a link appears (udev renames it then), never by
 * the commands vfmigrate runs; a failed guest command forgets them all, so that the next step reads again.
 * A link that just appeared is kept as listed then, for the step that enslaves it right after (a name that
 * udev changed meanwhile makes that command fail, and the step lists the links again).
 * Kept in memory for one process: a resumed run reads the guest afresh.
 */
public final class GuestNames {
    private final Map<Integer, GuestInterfaceName> confirmed = new ConcurrentHashMap<>();
    private final Map<Integer, GuestLink> appeared = new ConcurrentHashMap<>();

    void confirm(int ifindex, GuestInterfaceName name) { confirmed.put(ifindex, name); }

    public Optional<GuestInterfaceName> of(int ifindex) { return Optional.ofNullable(confirmed.get(ifindex)); }

    /** A link as the guest listed it when it appeared, for the step that enslaves it next (once). */
    public void appeared(GuestLink link) { appeared.put(link.ifindex(), link); }

    /** The link as it appeared, if no failed guest command came since; given once. */
    public Optional<GuestLink> takeAppeared(int ifindex) { return Optional.ofNullable(appeared.remove(ifindex)); }

    void forget() {
        confirmed.clear();
        appeared.clear();
    }
}
