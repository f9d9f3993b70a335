package io.vfmigrate.planning;

import java.util.List;
import java.util.Optional;

/** Every inventory host at one moment (reachable or not), ordered by name. */
public record FleetSnapshot(List<HostView> hosts) {
    public FleetSnapshot {
        hosts = hosts.stream().sorted(java.util.Comparator.comparing(HostView::name)).toList();
    }

    public Optional<HostView> host(String name) { return hosts.stream().filter(h -> h.name().equals(name)).findFirst(); }
}
