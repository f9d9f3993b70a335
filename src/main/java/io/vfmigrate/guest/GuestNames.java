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
 * Kept in memory for one process: a resumed run reads the guest afresh.
 */
public final class GuestNames {
    private final Map<Integer, GuestInterfaceName> confirmed = new ConcurrentHashMap<>();

    void confirm(int ifindex, GuestInterfaceName name) { confirmed.put(ifindex, name); }

    public Optional<GuestInterfaceName> of(int ifindex) { return Optional.ofNullable(confirmed.get(ifindex)); }

    void forget() { confirmed.clear(); }
}
