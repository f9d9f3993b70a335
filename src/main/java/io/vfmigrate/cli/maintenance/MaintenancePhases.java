package io.vfmigrate.cli.maintenance;

import io.vfmigrate.app.maintenance.HostReturn;
import io.vfmigrate.app.maintenance.MaintenanceProgress;
import io.vfmigrate.cli.EvacuationOutput;
import io.vfmigrate.model.Printable;
import io.vfmigrate.ports.Maintenances.Maintenance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The maintenance's own phases in the evacuation's output: a text line each (none with --quiet), or a JSON event
 * each (`maintenance-started`, `maintenance-entered`, `return-planned`, `maintenance-closed`) in the evacuation's form.
 */
final class MaintenancePhases implements MaintenanceProgress {
    private final EvacuationOutput output;
    private final boolean quiet;

    MaintenancePhases(EvacuationOutput output, boolean quiet) {
        this.output = output;
        this.quiet = quiet;
    }

    @Override public void started(Maintenance m, boolean resumed) {
        tell("maintenance-started", m, Map.of("resumed", resumed), "maintenance " + m.id() + " of " + m.host() + (resumed
                ? " resumed: its evacuation goes on" : " started: " + m.host() + " disabled, its VMs leave"));
    }

    @Override public void entered(Maintenance m) {
        tell("maintenance-entered", m, Map.of("away", MaintenanceJson.origins(m)),
                "maintenance " + m.id() + ": " + m.host() + " is in maintenance, " + m.origins().size() + " VM(s) away");
    }

    @Override public void returnPlanned(Maintenance m, List<HostReturn> stay, int moves) {
        StringBuilder text = new StringBuilder("maintenance " + m.id() + ": " + moves + " VM(s) to move back into " + m.host());
        stay.forEach(r -> text.append("; ").append(r.vm()).append(r.result() == HostReturn.Result.RETURNED ? " is back" : " stays")
                .append(" (").append(r.detail()).append(')'));
        tell("return-planned", m, Map.of("moves", moves, "not-moving", MaintenanceJson.rows(stay)), text.toString());
    }

    @Override public void closed(Maintenance m, String how) {
        tell("maintenance-closed", m, Map.of("how", how), "maintenance " + m.id() + " closed (" + how + "): " + m.host() + " enabled");
    }

    private void tell(String type, Maintenance m, Map<String, Object> fields, String text) {
        if (output.json().isPresent()) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("maintenance", m.id());
            event.putAll(fields);
            output.json().get().line(type, event);
            return;
        }
        if (quiet) return;
        output.text().println(Printable.line(text));
        output.text().flush();
    }
}
