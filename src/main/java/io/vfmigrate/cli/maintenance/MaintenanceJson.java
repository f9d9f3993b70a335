package io.vfmigrate.cli.maintenance;

import io.vfmigrate.app.maintenance.HostReturn;
import io.vfmigrate.app.maintenance.MaintenanceStatus;
import io.vfmigrate.ports.Maintenances.Maintenance;
import io.vfmigrate.ports.Maintenances.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The maintenance's records, origin maps and exit rows as JSON values (docs/maintenance.md). */
final class MaintenanceJson {
    private MaintenanceJson() {}

    static Map<String, Object> record(Maintenance m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("maintenance", m.id());
        j.put("host", m.host());
        j.put("phase", m.phase().label());
        j.put("since", m.since().toString());
        j.put("by", m.by());
        j.put("evacuation", m.evacuation().orElse(null));
        j.put("entered", m.entered().map(Object::toString).orElse(null));
        j.put("return", m.returnRun().orElse(null));
        j.put("closed", m.closed().map(Object::toString).orElse(null));
        if (m.closed().isPresent()) j.put("closed-how", m.closedHow());
        return j;
    }

    static List<Map<String, Object>> origins(Maintenance m) {
        return m.origins().stream().map(o -> origin(o, null)).toList();
    }

    static Map<String, Object> origin(Origin o, String now) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("vm", o.vm());
        j.put("left", o.left());
        j.put("went-to", o.wentTo());
        if (now != null) j.put("now", now);
        j.put("run", o.runId());
        j.put("workflow", o.workflow());
        j.put("state", o.running() ? "running" : "shut-off");
        j.put("uuid", o.uuid());
        return j;
    }

    static List<Map<String, Object>> rows(List<HostReturn> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HostReturn r : rows) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("vm", r.vm());
            j.put("from", r.from());
            j.put("result", r.result().label());
            j.put("detail", r.detail());
            j.put("run", r.runId().orElse(null));
            out.add(j);
        }
        return out;
    }

    static Map<String, Object> status(List<MaintenanceStatus.Entry> entries) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (MaintenanceStatus.Entry e : entries) {
            Map<String, Object> j = record(e.maintenance());
            j.put("away", e.away().stream().map(a -> origin(a.origin(), a.now())).toList());
            list.add(j);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("maintenances", list);
        out.put("exit-code", 0);
        return out;
    }
}
