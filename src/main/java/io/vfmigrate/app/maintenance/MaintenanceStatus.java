package io.vfmigrate.app.maintenance;

import io.vfmigrate.app.FleetSurvey;
import io.vfmigrate.app.Services;
import io.vfmigrate.planning.FleetSnapshot;
import io.vfmigrate.planning.HostView;
import io.vfmigrate.ports.Maintenances.Maintenance;
import io.vfmigrate.ports.Maintenances.Origin;
import java.util.List;
import java.util.Optional;

/** `maintenance status [HOST]`: the hosts in maintenance (or every record), and where each VM that left is now. Changes nothing. */
public final class MaintenanceStatus {
    private final Services s;

    public MaintenanceStatus(Services services) { this.s = services; }

    /** {@code now}: the host it is on, "unknown" when the host it went to does not answer and no other has it, "gone" when none has it. */
    public record Away(Origin origin, String now) {}

    public record Entry(Maintenance maintenance, List<Away> away) {}

    public List<Entry> of(Optional<String> host, boolean all) {
        host.ifPresent(s.inventory()::host);
        List<Maintenance> records = s.maintenances().list(all).stream().filter(m -> host.isEmpty() || m.host().equals(host.get())).toList();
        boolean anyAway = records.stream().anyMatch(m -> m.closed().isEmpty() && !m.origins().isEmpty());
        FleetSnapshot fleet = anyAway ? new FleetSurvey(s).all() : new FleetSnapshot(List.of());
        return records.stream().map(m -> new Entry(m, m.origins().stream().map(o -> new Away(o, m.closed().isPresent() ? "-" : now(fleet, o)))
                .toList())).toList();
    }

    private static String now(FleetSnapshot fleet, Origin o) {
        Optional<HostView> on = fleet.hosts().stream().filter(h -> h.vm(o.vm()).isPresent()).findFirst();
        if (on.isPresent()) return on.get().name();
        boolean silent = fleet.host(o.wentTo()).map(h -> !h.reachable()).orElse(true) || fleet.hosts().stream().anyMatch(h -> !h.reachable());
        return silent ? "unknown" : "gone";
    }
}
